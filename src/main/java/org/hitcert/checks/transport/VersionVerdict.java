package org.hitcert.checks.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hitcert.support.TlsProbe.Outcome;

/**
 * Decides TLS-VERSIONS for one endpoint from the outcome per offered version (RFC 9325 §3.1.1): SSLv3, 1.0 and 1.1
 * MUST NOT be negotiated, 1.2 MUST be, 1.3 SHOULD be. Kept apart from the network so that each branch is unit-tested.
 */
record VersionVerdict(List<String> failures, List<String> undecided, List<String> notes) {

    static final List<String> LEGACY = List.of("SSLv3", "TLSv1", "TLSv1.1");

    static VersionVerdict of(String endpoint, Map<String, Outcome> outcomes) {
        List<String> failures = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String legacy : LEGACY) {
            Outcome o = outcomes.get(legacy);
            if (o == Outcome.NEGOTIATED) {
                failures.add(endpoint + " negotiated " + legacy + "; expected a refusal (RFC 9325 §3.1.1: MUST NOT negotiate "
                        + legacy + ")");
            } else if (o != Outcome.REFUSED) {
                undecided.add(endpoint + " " + legacy + ": " + (o == null ? "not tried" : o));
            }
        }
        Outcome v12 = outcomes.get("TLSv1.2");
        if (v12 == Outcome.REFUSED) {
            failures.add(endpoint + " refused TLS 1.2; expected it to be negotiated (RFC 9325 §3.1.1: MUST support TLS 1.2)");
        } else if (v12 != Outcome.NEGOTIATED) {
            undecided.add(endpoint + " TLSv1.2: " + (v12 == null ? "not tried" : v12));
        }
        Outcome v13 = outcomes.get("TLSv1.3");
        if (v13 != Outcome.NEGOTIATED) {
            notes.add(endpoint + " TLS 1.3: " + (v13 == null ? "not tried" : v13) + " (RFC 9325 §3.1.1: SHOULD support TLS 1.3)");
        }
        return new VersionVerdict(failures, undecided, notes);
    }
}
