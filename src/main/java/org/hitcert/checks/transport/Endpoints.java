package org.hitcert.checks.transport;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hitcert.support.Target;

/** The TLS endpoints of a candidate: one URL per https host and port, from the issuer, discovery and the FHIR base. */
final class Endpoints {

    private Endpoints() {
    }

    /** host:port → a URL served there (TLS is negotiated per host and port, not per path). */
    static Map<String, URI> byHostPort(Target target) {
        Map<String, URI> out = new LinkedHashMap<>();
        add(out, target.issuer());
        target.endpoints().values().forEach(u -> add(out, u));
        target.fhirBase().ifPresent(u -> add(out, u));
        return out;
    }

    private static void add(Map<String, URI> out, URI u) {
        if (u != null && "https".equalsIgnoreCase(u.getScheme()) && u.getHost() != null) {
            out.putIfAbsent(u.getHost() + ":" + (u.getPort() > 0 ? u.getPort() : 443), u);
        }
    }
}
