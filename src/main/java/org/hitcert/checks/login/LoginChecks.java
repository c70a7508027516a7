package org.hitcert.checks.login;

import java.util.List;
import org.hitcert.checks.Check;

/** The checks of the login area, in the order they run. */
public final class LoginChecks {

    private LoginChecks() {
    }

    public static List<Check> all() {
        return List.of(new RequireReauthentication(), new RequireConsentOnFirstAuthorization(),
                new ThrottleRepeatedLoginFailures(), new EnforceMultiFactorAcr(), new EndSessionOnLogout());
    }
}
