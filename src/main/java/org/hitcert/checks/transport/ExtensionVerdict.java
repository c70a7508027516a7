package org.hitcert.checks.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hitcert.support.TlsHello;
import org.hitcert.support.TlsHello.Answer;

/**
 * Decides TLS-EXTENSIONS for one endpoint (RFC 9325 §3.1.3, §3.3, §3.5, §3.7, §3.8) from what its ServerHellos showed:
 * a TLS 1.2 hello offering DEFLATE, ALPN, extended_master_secret, renegotiation_info and SNI, and a fallback hello
 * carrying TLS_FALLBACK_SCSV below the server's best version. Kept apart from the network for unit tests.
 *
 * @param failures  observed versus expected, one per defect
 * @param undecided parts that could not be observed
 * @param notes     what was negotiated and what did not apply
 */
record ExtensionVerdict(List<String> failures, List<String> undecided, List<String> notes) {

    /**
     * @param endpoint host:port, for the reasons
     * @param sni      the host name sent as SNI, empty for an IP literal
     * @param hello12  the answer to the TLS 1.2 hello (DEFLATE offered, no SCSV)
     * @param baseline the answer to the hello at the fallback version without SCSV; empty when no version below the
     *                 server's best is accepted (nothing to fall back to)
     * @param fallback the answer to the same hello with TLS_FALLBACK_SCSV; empty when {@code baseline} is
     * @param best     the server's best version, as the probe saw it (TLSv1.3 or TLSv1.2); empty when unknown
     */
    static ExtensionVerdict of(String endpoint, Optional<String> sni, Answer hello12, Optional<Answer> baseline,
                               Optional<Answer> fallback, Optional<String> best) {
        List<String> failures = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!hello12.serverHello()) {
            if (sni.isPresent() && hello12.alert().filter(a -> a == 112).isPresent()) {
                failures.add(endpoint + " answered a ClientHello naming " + sni.get() + " in SNI with unrecognized_name; "
                        + "expected the host it serves to be accepted (RFC 9325 §3.7, RFC 6066 §3)");
            } else {
                undecided.add(endpoint + ": the TLS 1.2 ClientHello got " + hello12.summary() + ", so its extensions could "
                        + "not be seen");
            }
        } else {
            notes.add(endpoint + ": " + hello12.summary());
            if (hello12.compressionMethod() != 0) {
                failures.add(endpoint + " chose compression method " + hello12.compressionMethod() + " when offered DEFLATE; "
                        + "expected null compression (RFC 9325 §3.3: SHOULD disable TLS compression, CRIME)");
            }
            if (!hello12.has(TlsHello.RENEGOTIATION_INFO)) {
                failures.add(endpoint + " sent no renegotiation_info in its TLS 1.2 ServerHello; expected it (RFC 9325 §3.5, "
                        + "RFC 5746: secure renegotiation MUST be supported)");
            }
            if (!hello12.has(TlsHello.EXTENDED_MASTER_SECRET)) {
                failures.add(endpoint + " did not accept extended_master_secret in TLS 1.2; expected it echoed (RFC 9325 "
                        + "§3.5, RFC 7627)");
            }
            Optional<String> alpn = hello12.alpn();
            if (alpn.isEmpty()) {
                failures.add(endpoint + " negotiated no ALPN protocol when offered " + TlsHello.OFFERED_PROTOCOLS
                        + "; expected h2 or http/1.1 selected (RFC 9325 §3.8, RFC 7301 §3.2)");
            } else if (!List.of("h2", "http/1.1").contains(alpn.get())) {
                failures.add(endpoint + " selected ALPN protocol '" + alpn.get() + "', which was not offered (RFC 7301 §3.2)");
            }
            notes.add(endpoint + " SNI: " + sni.map(n -> n + " accepted").orElse("not applicable (an IP literal host, "
                    + "which RFC 6066 §3 keeps out of SNI)"));
        }
        if (best.isEmpty()) {
            undecided.add(endpoint + ": the server's best TLS version could not be learnt, so no fallback was probed");
        } else if (baseline.isEmpty()) {
            notes.add(endpoint + " fallback: no version below " + best.get() + " is accepted, so there is nothing to fall back "
                    + "to (TLS_FALLBACK_SCSV not applicable)");
        } else if (!baseline.get().serverHello()) {
            undecided.add(endpoint + ": the " + baseline.get().offer().version() + " ClientHello without SCSV got "
                    + baseline.get().summary() + ", so a refusal with SCSV would prove nothing");
        } else {
            Answer f = fallback.orElseThrow();
            String v = f.offer().version();
            if (f.alert().filter(a -> a == TlsHello.INAPPROPRIATE_FALLBACK).isPresent()) {
                notes.add(endpoint + " fallback to " + v + " with TLS_FALLBACK_SCSV: inappropriate_fallback");
            } else if (!f.serverHello()) {
                notes.add(endpoint + " fallback to " + v + " with TLS_FALLBACK_SCSV refused (" + f.summary() + "; the same hello "
                        + "without SCSV was answered; RFC 7507 names the alert inappropriate_fallback)");
            } else if (f.downgradeSentinel() && best.get().equals("TLSv1.3")) {
                notes.add(endpoint + " fallback to " + v + " with TLS_FALLBACK_SCSV: no inappropriate_fallback alert, but the "
                        + "ServerHello carries the TLS 1.3 downgrade sentinel (RFC 8446 §4.1.3), which every TLS 1.3 client "
                        + "checks, so the downgrade is detected");
            } else {
                failures.add(endpoint + " completed a ServerHello at " + v + " for a ClientHello carrying TLS_FALLBACK_SCSV "
                        + "although it supports " + best.get() + (best.get().equals("TLSv1.3") ? ", without the RFC 8446 "
                        + "§4.1.3 downgrade sentinel" : "") + "; expected an inappropriate_fallback alert (RFC 9325 §3.1.3, "
                        + "RFC 7507 §3)");
            }
        }
        return new ExtensionVerdict(failures, undecided, notes);
    }
}
