package org.hitcert.checks.transport;

import static org.hitcert.checks.Checks.fail;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.TlsHello;
import org.hitcert.support.TlsHello.Answer;
import org.hitcert.support.TlsHello.Offer;
import org.hitcert.support.TlsProbe;

/**
 * RFC 9325 §3.1.3, §3.3, §3.5, §3.7, §3.8: on every https host and port the candidate names, a hand-written TLS 1.2
 * ClientHello offers DEFLATE with null compression, ALPN (h2, http/1.1), extended_master_secret, renegotiation_info
 * and SNI; the ServerHello must choose null compression, echo renegotiation_info and extended_master_secret, and
 * select an offered ALPN protocol. Then a fallback hello below the server's best version carries TLS_FALLBACK_SCSV
 * and must be refused (inappropriate_fallback), or, from a TLS 1.3 server, carry the RFC 8446 downgrade sentinel.
 */
public final class EnsureTlsExtensions implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("transport.tls-extensions.secure",
                "Every endpoint does secure renegotiation, extended master secret, SNI and ALPN, refuses fallback "
                        + "(TLS_FALLBACK_SCSV) and never compresses",
                List.of("alpn-not-negotiated"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        TlsHello hello = ctx.http().tlsHello();
        TlsProbe probe = ctx.http().tlsProbe();
        List<String> failures = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        Map<String, URI> endpoints = Endpoints.byHostPort(ctx.target());
        if (endpoints.isEmpty()) {
            throw new Inconclusive("the candidate names no https endpoint to probe");
        }
        for (Map.Entry<String, URI> e : endpoints.entrySet()) {
            URI uri = e.getValue();
            try {
                Answer hello12 = hello.send(uri, new Offer("TLSv1.2", false, true));
                Optional<String> best = best(probe, uri, hello12);
                Optional<Answer> baseline = Optional.empty();
                Optional<Answer> fallback = Optional.empty();
                if (best.isPresent()) {
                    for (String v : best.get().equals("TLSv1.3") ? List.of("TLSv1.2") : List.of("TLSv1.1", "TLSv1")) {
                        Answer plain = v.equals("TLSv1.2") ? hello12 : hello.send(uri, new Offer(v, false, false));
                        if (plain.serverHello()) {
                            baseline = Optional.of(plain);
                            fallback = Optional.of(hello.send(uri, new Offer(v, true, false)));
                            break;
                        }
                    }
                }
                ExtensionVerdict verdict = ExtensionVerdict.of(e.getKey(), TlsHello.sniName(uri.getHost()), hello12, baseline, fallback, best);
                failures.addAll(verdict.failures());
                undecided.addAll(verdict.undecided());
                verdict.notes().forEach(n -> ctx.note("TLS extensions at " + e.getKey(), n));
            } catch (IOException ex) {
                undecided.add(e.getKey() + ": " + ex.getClass().getSimpleName() + " " + ex.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw fail(String.join("; ", failures));
        }
        if (!undecided.isEmpty()) {
            throw new Inconclusive("not every extension could be observed: " + String.join("; ", undecided));
        }
        ctx.pass("renegotiation_info, extended_master_secret, SNI and ALPN negotiated, null compression chosen and fallback "
                + "refused at " + endpoints.keySet());
    }

    /** TLSv1.3 when a 1.3-only handshake completes, TLSv1.2 when only the 1.2 hello was answered; empty if unknown. */
    private static Optional<String> best(TlsProbe probe, URI uri, Answer hello12) {
        TlsProbe.Result v13 = probe.handshake(uri, "TLSv1.3", null);
        if (v13.outcome() == TlsProbe.Outcome.NEGOTIATED) {
            return Optional.of("TLSv1.3");
        }
        return v13.outcome() == TlsProbe.Outcome.REFUSED && hello12.serverHello() ? Optional.of("TLSv1.2") : Optional.empty();
    }
}
