package org.hitcert.checks.bearer;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;

/**
 * RFC 6750 §2 (a client MUST NOT use more than one method to send the token), §2.1 (b64token syntax) and §3.1
 * ({@code invalid_request}): malformed requests are refused, never served and never a server error. Each variant
 * changes one thing from the served baseline.
 */
public final class RejectMalformedBearerRequests implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("bearer.request-format.rejected",
                "Requests carrying the token in two ways, or a malformed Bearer credential, are refused with 400 or 401",
                List.of("token-methods-mixed"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        URI base = FhirResources.fhirBase(ctx);
        String token = Fhir.sharedAccessToken(ctx);
        URI resource = FhirResources.protectedResource(ctx, base, ctx.sharedTokens());
        Fhir.baseline(ctx, resource, token, "the token in the Authorization header");
        Map<String, HttpRequestSpec> variants = new LinkedHashMap<>();
        variants.put("the token in the header and in the query", HttpRequestSpec.get(HttpRequestSpec.withQuery(resource,
                "access_token", token)).withHeader("Authorization", "Bearer " + token));
        variants.put("a Bearer credential that is not a b64token (a space and '!' appended)",
                HttpRequestSpec.get(resource).withHeader("Authorization", "Bearer " + token + " !x"));
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, HttpRequestSpec> v : variants.entrySet()) {
            HttpExchange x = Fhir.send(ctx, v.getValue());
            if (Fhir.ok(x) || x.status() >= 500) {
                throw fail(v.getKey() + " got " + x.summary() + "; expected 400 invalid_request (or 401) "
                        + "(RFC 6750 §2: one method per request, §3.1: invalid_request for a malformed request)");
            }
            if (x.status() != 400) {
                notes.add(v.getKey() + ": " + x.status());
            }
        }
        if (!notes.isEmpty()) {
            ctx.note("refused, but not with 400", "RFC 6750 §3.1 names 400 invalid_request for malformed requests: " + notes);
        }
        ctx.pass("each of " + variants.size() + " malformed variants of a served request was refused (" + variants.keySet() + ")");
    }
}
