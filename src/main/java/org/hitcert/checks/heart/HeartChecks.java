package org.hitcert.checks.heart;

import java.util.List;
import org.hitcert.checks.Check;

/** The checks of the HEART profile area, in the order they run. */
public final class HeartChecks {

    private HeartChecks() {
    }

    public static List<Check> all() {
        return List.of(new EnsureJwtAccessTokenClaims(), new RefuseSecondGrantType(), new RefuseSecretsForJwtClients(),
                new RefuseCodeForBackendClient());
    }
}
