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
 * SMART asymmetric client authentication: exp is at most five minutes in the future. A server should refuse longer-lived
 * assertions, which widen the replay window (graded SHOULD).
 */
public final class CapAssertionLifetime implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("clientauth.assertion.lifetime", "An assertion valid for an hour is refused", List.of("assertion-exp-unchecked"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        AssertionProbe probe = AssertionProbe.open(ctx);
        ClientAssertions a = probe.assertions();
        Map<String, Supplier<HttpExchange>> variants = new LinkedHashMap<>();
        variants.put("exp = now + 3600 s", () -> probe.send(a.baseline().claims(c -> c.expirationTime(Date.from(Instant.now().plusSeconds(3600)))).sign()));
        probe.expectAllRefused(variants, "SMART asymmetric client authentication (exp at most 5 minutes ahead)");
    }
}
