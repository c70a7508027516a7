package org.hitcert.checks.discovery;

import java.util.List;
import org.hitcert.checks.Check;

/** The checks of the discovery area, in the order they run. */
public final class DiscoveryChecks {

    private DiscoveryChecks() {
    }

    public static List<Check> all() {
        return List.of(
                new EnsureOidcDiscoveryConsistent(),
                new EnsureEndpointsUseHttps(),
                new RejectNoneSigningAlgorithm(),
                new EnsurePkceS256Only(),
                new EnsureSmartConfiguration(),
                new EnsureJwksPublicOnly(),
                new AllowCorsOnDiscovery());
    }
}
