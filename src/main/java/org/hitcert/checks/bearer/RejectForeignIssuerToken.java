package org.hitcert.checks.bearer;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.RogueIssuer;

/**
 * RFC 9700 §2.3/§4.10.2, RFC 8725 §3.8 and HEART (connections with authorization servers): a resource server accepts
 * tokens only from the authorization servers it trusts. The suite runs a rogue issuer that publishes discovery and
 * keys, and mints a token with the shape and claims of the served one (iss, key and jti its own).
 */
public final class RejectForeignIssuerToken implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("bearer.foreign-issuer.refused",
                "A validly signed token from an issuer the FHIR server does not trust (the suite's rogue AS) gets no data",
                List.of("foreign-issuer-accepted"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) throws Exception {
        URI base = FhirResources.fhirBase(ctx);
        JsonNode shared = ctx.sharedTokens();
        String token = Fhir.sharedAccessToken(ctx);
        URI resource = FhirResources.protectedResource(ctx, base, shared);
        Fhir.baseline(ctx, resource, token, "the token of the candidate's own authorization server");
        Map<String, Object> claims = new LinkedHashMap<>();
        Jwts.parse(token).ifPresent(jwt -> claims.putAll(Jwts.JSON.convertValue(jwt.claims(), Map.class)));
        long now = System.currentTimeMillis() / 1000;
        claims.putIfAbsent("aud", base.toString());
        claims.putIfAbsent("sub", "hitcert-rogue-subject");
        claims.putIfAbsent("scope", shared.path("scope").asText(""));
        if (shared.hasNonNull("patient")) {
            claims.putIfAbsent("patient", shared.path("patient").asText());
        }
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("jti", UUID.randomUUID().toString());
        try (RogueIssuer rogue = RogueIssuer.start()) {
            claims.put("iss", rogue.issuer().toString());
            ctx.note("rogue issuer", "the suite's own issuer " + rogue.issuer() + " (its discovery and JWKS are served while the check runs)");
            HttpExchange x = Fhir.get(ctx, resource, rogue.mint(claims));
            if (Fhir.ok(x)) {
                throw fail("a token signed by the suite's rogue issuer " + rogue.issuer() + " was accepted: " + x.summary()
                        + "; expected 401 invalid_token (RFC 9700 §2.3, RFC 8725 §3.8: accept only tokens of trusted issuers)");
            }
            ctx.pass(x.status() + " for a token from the rogue issuer " + rogue.issuer() + "; the candidate's own token was served");
        }
    }
}
