package org.hitcert.checks.bearer;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.HttpExchange;

/**
 * RFC 6750 §2.1: a resource server MUST support the Authorization request header with the Bearer scheme; the scheme
 * name is case-insensitive (RFC 7235 §2.1, RFC 9110 §11.1), so {@code bearer} works as {@code Bearer} does.
 */
public final class AcceptBearerHeader implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("bearer.header.accepted",
                "A valid access token in the Authorization: Bearer header is accepted by the FHIR API",
                List.of("header-token-ignored"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        URI base = FhirResources.fhirBase(ctx);
        JsonNode tokens = ctx.sharedTokens();
        String token = tokens.path("access_token").asText("");
        if (token.isEmpty()) {
            throw new Inconclusive("the shared token response has no access_token");
        }
        URI resource = FhirResources.protectedResource(ctx, base, tokens);
        HttpExchange x = ctx.http().get(resource, "Accept", "application/fhir+json", "Authorization", "Bearer " + token);
        if (x.status() != 200) {
            throw fail("a valid access token in the Authorization: Bearer header got " + x.summary()
                    + "; expected 200 (RFC 6750 §2.1: the header method MUST be supported)");
        }
        HttpExchange lower = ctx.http().get(resource, "Accept", "application/fhir+json", "Authorization", "bearer " + token);
        if (lower.status() != 200) {
            throw fail("the same token with the scheme spelled 'bearer' got " + lower.summary()
                    + "; expected 200 (RFC 9110 §11.1: the authentication scheme is case-insensitive)");
        }
        ctx.pass("200 for " + resource + " with the token in the Authorization header (scheme 'Bearer' and 'bearer')");
    }
}
