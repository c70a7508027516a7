package org.hitcert.checks.transport;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.TlsProbe;

/**
 * RFC 9325 §3.1.1 and SMART (TLS 1.2 or later): on every https host and port the candidate names, one handshake per
 * protocol version, each offering that version only. SSLv3, 1.0 and 1.1 refused; 1.2 negotiated; 1.3 recommended.
 * The negotiated version, suite and certificate of each endpoint go into the evidence.
 */
public final class EnsureModernTlsVersions implements Check {

    static final List<String> VERSIONS = List.of("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    @Override
    public CheckInfo info() {
        return new CheckInfo("transport.tls-versions.modern-only",
                "Every endpoint negotiates TLS 1.2 (1.3 recommended) and refuses SSLv3, TLS 1.0 and 1.1",
                List.of("tls10-enabled"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        TlsProbe probe = ctx.http().tlsProbe();
        List<String> failures = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        Map<String, String> summary = new LinkedHashMap<>();
        for (Map.Entry<String, URI> e : Endpoints.byHostPort(ctx.target()).entrySet()) {
            Map<String, TlsProbe.Outcome> outcomes = new LinkedHashMap<>();
            TlsProbe.Result best = null;
            for (String v : VERSIONS) {
                TlsProbe.Result r = probe.handshake(e.getValue(), v, null);
                outcomes.put(v, r.outcome());
                if (r.outcome() == TlsProbe.Outcome.NEGOTIATED) {
                    best = r;
                }
            }
            if (best != null) {
                ctx.note("TLS at " + e.getKey(), "negotiated " + best.protocol() + " with " + best.cipherSuite()
                        + "; certificate: " + TlsProbe.certificateSummary(best.chain().get(0)));
            }
            VersionVerdict verdict = VersionVerdict.of(e.getKey(), outcomes);
            failures.addAll(verdict.failures());
            undecided.addAll(verdict.undecided());
            verdict.notes().forEach(n -> ctx.note("TLS 1.3", n));
            summary.put(e.getKey(), outcomes.toString());
        }
        if (summary.isEmpty()) {
            throw new Inconclusive("the candidate names no https endpoint to probe");
        }
        if (!failures.isEmpty()) {
            throw fail(String.join("; ", failures));
        }
        if (!undecided.isEmpty()) {
            throw new Inconclusive("not every version could be decided: " + String.join("; ", undecided));
        }
        ctx.pass("legacy versions refused and TLS 1.2 negotiated at " + summary);
    }
}
