package org.hitcert.checks.idtoken;

import java.util.List;
import org.hitcert.checks.Check;

/** The checks of the ID token area, in the order they run. */
public final class IdTokenChecks {

    private IdTokenChecks() {
    }

    public static List<Check> all() {
        return List.of(
                new VerifyIdTokenSignature(),
                new EnsureIdTokenIssuerAudience(),
                new EnsureIdTokenLifetime(),
                new EnsureNonceEchoed(),
                new EnsureIdTokenHashes(),
                new EnsureSubjectStableAndUnique(),
                new ResolveFhirUser());
    }
}
