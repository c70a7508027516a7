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
 * RFC 7523 §3 and OIDC Core §9: exp is required and must not have passed; an nbf in the future makes the assertion
 * not yet valid. 60 s of clock skew are allowed, so the variants stay well outside it.
 */
public final class RejectStaleAssertion implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("clientauth.assertion.time", "Expired, exp-less and not-yet-valid assertions are refused", List.of("assertion-exp-unchecked", "assertion-nbf-unchecked"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        AssertionProbe probe = AssertionProbe.open(ctx);
        ClientAssertions a = probe.assertions();
        Map<String, Supplier<HttpExchange>> variants = new LinkedHashMap<>();
        Instant now = Instant.now();
        variants.put("exp = now - 180 s", () -> probe.send(a.baseline().claims(c -> c.expirationTime(Date.from(now.minusSeconds(180)))
                .issueTime(Date.from(now.minusSeconds(240)))).sign()));
        variants.put("no exp claim", () -> probe.send(a.baseline().claims(c -> c.expirationTime(null)).sign()));
        variants.put("nbf = now + 600 s", () -> probe.send(a.baseline().claims(c -> c.notBeforeTime(Date.from(now.plusSeconds(600)))).sign()));
        probe.expectAllRefused(variants, "RFC 7523 §3, OIDC Core §9");
    }
}
