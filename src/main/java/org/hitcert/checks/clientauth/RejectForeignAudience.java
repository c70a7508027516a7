package org.hitcert.checks.clientauth;

import com.nimbusds.jose.JWSAlgorithm;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.support.ClientAssertions;
import org.hitcert.support.HttpExchange;

/**
 * RFC 7523 §3 and OIDC Core §9: aud must identify this authorization server (SMART: the token URL). Variants: aud = the
 * authorization endpoint, the FHIR base URL, another authorization server's token URL.
 */
public final class RejectForeignAudience implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("clientauth.assertion.audience", "An assertion addressed to another audience is refused", List.of("assertion-aud-unchecked"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        AssertionProbe probe = AssertionProbe.open(ctx);
        ClientAssertions a = probe.assertions();
        Map<String, Supplier<HttpExchange>> variants = new LinkedHashMap<>();
        ctx.target().endpoint("authorization").ifPresent(u -> variants.put("aud = the authorization endpoint " + u,
                () -> probe.send(a.baseline().claims(c -> c.audience(u.toString())).sign())));
        ctx.target().fhirBase().ifPresent(u -> variants.put("aud = the FHIR base " + u,
                () -> probe.send(a.baseline().claims(c -> c.audience(u.toString())).sign())));
        variants.put("aud = another server's token URL https://as.hitcert.invalid/token",
                () -> probe.send(a.baseline().claims(c -> c.audience("https://as.hitcert.invalid/token")).sign()));
        probe.expectAllRefused(variants, "RFC 7523 §3, OIDC Core §9");
    }
}
