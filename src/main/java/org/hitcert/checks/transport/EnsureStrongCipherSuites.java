package org.hitcert.checks.transport;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.TlsProbe;

/**
 * RFC 9325 §4.1: cipher suites with NULL encryption, RC4, export strength or under 112 bits (single DES) MUST NOT be
 * negotiated; anonymous suites give no server authentication, which TSS-05 and RFC 9325 §3.2 require. 3DES (under 128
 * bits) is a SHOULD NOT and only noted. One TLS 1.2 handshake per family, offering only that family's suites. A family
 * this machine cannot offer is listed as not tested (the PASS names what was tested). The suite chosen from a full
 * offer is noted (RFC 9325 §4.2: ECDHE with AEAD recommended).
 */
public final class EnsureStrongCipherSuites implements Check {

    static final Map<String, Pattern> FORBIDDEN = new LinkedHashMap<>();

    static {
        FORBIDDEN.put("NULL", Pattern.compile("_WITH_NULL_|_NULL_WITH_"));
        FORBIDDEN.put("RC4", Pattern.compile("_RC4_"));
        FORBIDDEN.put("EXPORT", Pattern.compile("_EXPORT"));
        FORBIDDEN.put("anonymous", Pattern.compile("_anon_"));
        FORBIDDEN.put("single DES", Pattern.compile("_WITH_DES_|DES40"));
    }

    static final Pattern TRIPLE_DES = Pattern.compile("_3DES_");

    @Override
    public CheckInfo info() {
        return new CheckInfo("transport.tls-ciphers.no-forbidden",
                "No endpoint negotiates a NULL, RC4, export, anonymous or single-DES cipher suite",
                List.of("weak-cipher-enabled"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        TlsProbe probe = ctx.http().tlsProbe();
        List<String> offerable = TlsProbe.offerableSuites();
        List<String> tested = new ArrayList<>();
        List<String> untested = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Map<String, URI> endpoints = Endpoints.byHostPort(ctx.target());
        if (endpoints.isEmpty()) {
            throw new Inconclusive("the candidate names no https endpoint to probe");
        }
        for (Map.Entry<String, Pattern> family : FORBIDDEN.entrySet()) {
            List<String> suites = offerable.stream().filter(s -> family.getValue().matcher(s).find()).toList();
            if (suites.isEmpty()) {
                untested.add(family.getKey() + " (this machine's TLS stack cannot offer it)");
                continue;
            }
            boolean decided = true;
            for (Map.Entry<String, URI> e : endpoints.entrySet()) {
                TlsProbe.Result r = probe.handshake(e.getValue(), "TLSv1.2", suites);
                if (r.outcome() == TlsProbe.Outcome.NEGOTIATED) {
                    failures.add(e.getKey() + " negotiated " + r.cipherSuite() + " (" + family.getKey()
                            + "); expected a refusal (RFC 9325 §4.1: MUST NOT)");
                } else if (r.outcome() != TlsProbe.Outcome.REFUSED) {
                    decided = false;
                    untested.add(family.getKey() + " at " + e.getKey() + " (" + r.summary() + ")");
                }
            }
            if (decided) {
                tested.add(family.getKey());
            }
        }
        List<String> tripleDes = offerable.stream().filter(x -> TRIPLE_DES.matcher(x).find()).toList();
        for (Map.Entry<String, URI> e : tripleDes.isEmpty() ? Map.<String, URI>of().entrySet() : endpoints.entrySet()) {
            TlsProbe.Result r = probe.handshake(e.getValue(), "TLSv1.2", tripleDes);
            if (r.outcome() == TlsProbe.Outcome.NEGOTIATED) {
                ctx.note("3DES at " + e.getKey(), "negotiated " + r.cipherSuite()
                        + " — RFC 9325 §4.1: SHOULD NOT negotiate suites under 128 bits");
            }
        }
        for (Map.Entry<String, URI> e : endpoints.entrySet()) {
            TlsProbe.Result chosen = probe.handshake(e.getValue(), "TLSv1.2", null);
            if (chosen.outcome() == TlsProbe.Outcome.NEGOTIATED) {
                boolean good = chosen.cipherSuite().matches("TLS_ECDHE_.*_(GCM|CCM|CHACHA20_POLY1305).*|TLS_DHE_.*_GCM_.*");
                ctx.note("TLS 1.2 suite chosen at " + e.getKey(), chosen.cipherSuite() + (good ? " (forward secret, AEAD)"
                        : " — RFC 9325 §4.2 recommends ECDHE with an AEAD cipher"));
            }
        }
        if (!failures.isEmpty()) {
            throw fail(String.join("; ", failures));
        }
        if (tested.isEmpty()) {
            throw new Inconclusive("no forbidden family could be offered: " + untested);
        }
        if (!untested.isEmpty()) {
            ctx.note("not tested", String.join("; ", untested));
        }
        ctx.pass("refused at " + endpoints.keySet() + ": " + tested + (untested.isEmpty() ? "" : "; not tested: " + untested));
    }
}
