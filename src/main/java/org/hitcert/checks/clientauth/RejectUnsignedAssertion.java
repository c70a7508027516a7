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
 * RFC 7523 §3 requires a signed (or MACed) JWT; RFC 8725 §3.1-3.2: never accept alg none. Variants: none, None, NONE,
 * nOnE, each with an empty signature and otherwise the baseline.
 */
public final class RejectUnsignedAssertion implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("clientauth.assertion.alg-none", "Assertions with alg none, in any letter case, are refused", List.of("assertion-alg-none", "assertion-lockout-alg-none"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        AssertionProbe probe = AssertionProbe.open(ctx);
        ClientAssertions a = probe.assertions();
        Map<String, Supplier<HttpExchange>> variants = new LinkedHashMap<>();
        for (String alg : List.of("none", "None", "NONE", "nOnE")) {
            variants.put("alg " + alg + " with an empty signature", () -> probe.send(a.baseline().unsigned(alg)));
        }
        probe.expectAllRefused(variants, "RFC 7523 §3, RFC 8725 §3.1");
    }
}
