package org.hitcert.checks.transport;

import static org.hitcert.checks.Checks.fail;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.TlsProbe;

/**
 * TLS-CERT (RFC 9325 §3.2, TSS-05 "server side authentication"): on every https host and port the candidate names, the
 * certificate chains to the trust anchor the candidate file declares (else the JVM's), names the host, is within its
 * validity window and has a strong key. The chain is read by an accepting handshake (so each defect can be named) and
 * validated separately with host-name checking. The certificate of each endpoint goes into the evidence.
 */
public final class EnsureValidCertificates implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("transport.certificates.valid",
                "Every endpoint's certificate chains to the trust anchor, names the host, is current and has a strong key",
                List.of("cert-expired", "cert-wrong-host", "cert-weak-key"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        TlsProbe probe = ctx.http().tlsProbe();
        List<String> failures = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        Map<String, URI> endpoints = Endpoints.byHostPort(ctx.target());
        if (endpoints.isEmpty()) {
            throw new Inconclusive("the candidate names no https endpoint to probe");
        }
        for (Map.Entry<String, URI> e : endpoints.entrySet()) {
            TlsProbe.Result r = probe.handshake(e.getValue(), "TLSv1.3", null);
            if (r.outcome() != TlsProbe.Outcome.NEGOTIATED) {
                r = probe.handshake(e.getValue(), "TLSv1.2", null);
            }
            if (r.outcome() != TlsProbe.Outcome.NEGOTIATED || r.chain().isEmpty()) {
                undecided.add(e.getKey() + ": no certificate seen (" + r.summary() + ")");
                continue;
            }
            Optional<String> validation;
            try {
                ctx.http().validatedChain(e.getValue());
                validation = Optional.empty();
            } catch (IOException x) {
                validation = Optional.of(x.getClass().getSimpleName() + ": " + x.getMessage());
            }
            String summary = TlsProbe.certificateSummary(r.chain().get(0));
            ctx.note("certificate at " + e.getKey(), r.protocol() + " " + r.cipherSuite() + "; " + summary
                    + validation.map(v -> "; validation failed: " + v).orElse("; validates to the declared anchor"));
            failures.addAll(CertificateVerdict.of(e.getKey(), e.getValue().getHost(), r.chain(), Instant.now(), validation)
                    .failures());
            seen.add(e.getKey() + " (" + summary + ")");
        }
        if (!failures.isEmpty()) {
            throw fail(String.join("; ", failures));
        }
        if (!undecided.isEmpty()) {
            throw new Inconclusive("not every endpoint's certificate could be read: " + String.join("; ", undecided));
        }
        ctx.pass("valid, matching, current certificates with strong keys at " + String.join("; ", seen));
    }
}
