package org.hitcert.checks.clientauth;

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
 * SMART asymmetric client authentication and OIDC Core §9: jti is required and single use (per iss) while the assertion
 * is valid. Variants: no jti; an accepted assertion sent again; a new signature (later iat) over the same jti.
 */
public final class RequireSingleUseJti implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("clientauth.assertion.jti", "Assertion jti values are required and single use",
                List.of("assertion-jti-reusable"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        AssertionProbe probe = AssertionProbe.open(ctx);
        ClientAssertions a = probe.assertions();
        ClientAssertions.Draft first = a.baseline();
        String accepted = first.sign();
        String jti = first.claimsSet().getJWTID();
        Map<String, Supplier<HttpExchange>> variants = new LinkedHashMap<>();
        variants.put("no jti claim", () -> probe.send(a.baseline().claims(c -> c.jwtID(null)).sign()));
        variants.put("the accepted assertion sent again", () -> probe.send(accepted));
        variants.put("a new signature (iat + 1 s) over the accepted jti", () -> probe.send(a.baseline().claims(c -> c.jwtID(jti)
                .issueTime(new Date(first.claimsSet().getIssueTime().getTime() + 1000))).sign()));
        // the accepted assertion is the probe's first baseline: its replay is a variant
        probe.expectAllRefused(accepted, variants, "SMART asymmetric client authentication, OIDC Core §9");
    }
}
