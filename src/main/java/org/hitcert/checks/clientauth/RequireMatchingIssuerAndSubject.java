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
 * RFC 7523 §3: sub is the client_id; SMART asymmetric client authentication: iss is the client_id too; a client_id form
 * parameter must name the same client. Variants: sub another id; iss another id; form client_id another id.
 */
public final class RequireMatchingIssuerAndSubject implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("clientauth.assertion.iss-sub", "iss, sub and any client_id must all be the client's id", List.of("assertion-sub-unchecked"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        AssertionProbe probe = AssertionProbe.open(ctx);
        ClientAssertions a = probe.assertions();
        Map<String, Supplier<HttpExchange>> variants = new LinkedHashMap<>();
        String other = "hitcert-not-" + a.clientId();
        variants.put("sub = " + other + " (iss the client_id)", () -> probe.send(a.baseline().claims(c -> c.subject(other)).sign()));
        variants.put("iss = " + other + " (sub the client_id)", () -> probe.send(a.baseline().claims(c -> c.issuer(other)).sign()));
        variants.put("form client_id = " + other, () -> probe.send(a.baseline().sign(), "client_id", other));
        probe.expectAllRefused(variants, "RFC 7523 §3, SMART asymmetric client authentication");
    }
}
