package org.hitcert.checks.code;

import java.util.List;
import org.hitcert.checks.Check;

/** The code-lifecycle checks (PKCE verification, single use, binding), in the order they run. */
public final class CodeChecks {

    private CodeChecks() {
    }

    public static List<Check> all() {
        return List.of(
                new VerifyPkceVerifier(),
                new RedeemCodeOnce(),
                new BindCodeToClientAndRedirect(),
                new RefusePkceDowngrade(),
                new EnsureCodeEntropy(),
                new ExpireCodes());
    }
}
