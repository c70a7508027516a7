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
 * RFC 7523 §3 allows an aud array, but an assertion that also names a foreign server can be replayed by it
 * (audience injection; draft-ietf-oauth-rfc7523bis wants a single aud). Graded SHOULD.
 */
public final class RejectMultiAudience implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("clientauth.assertion.audience-single", "An assertion whose aud also names a foreign server is refused", List.of("assertion-aud-unchecked", "assertion-aud-any-of"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        AssertionProbe probe = AssertionProbe.open(ctx);
        ClientAssertions a = probe.assertions();
        Map<String, Supplier<HttpExchange>> variants = new LinkedHashMap<>();
        variants.put("aud = [token URL, https://evil.hitcert.invalid/token]", () -> probe.send(a.baseline()
                .claims(c -> c.audience(List.of(probe.tokenEndpoint().toString(), "https://evil.hitcert.invalid/token"))).sign()));
        probe.expectAllRefused(variants, "RFC 7523 §3; draft-ietf-oauth-rfc7523bis");
    }
}
