package org.hitcert.checks.transport;

import java.util.List;
import org.hitcert.checks.Check;

/** The checks of the transport (TLS) area, in the order they run. */
public final class TransportChecks {

    private TransportChecks() {
    }

    public static List<Check> all() {
        return List.of(
                new EnsureModernTlsVersions(),
                new EnsureStrongCipherSuites(),
                new EnsureValidCertificates(),
                new EnsureHstsSent(),
                new RefusePlaintextRequests(),
                new EnsureTlsExtensions());
    }
}
