package org.hitcert.checks.bearer;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;

/**
 * RFC 6750 §2.3 and RFC 9700 §4.3.2: an access token in the URI query leaks into logs and Referer headers; the profile
 * (graded recommended) is that the FHIR API refuses it. Baseline: the same token in the header is served.
 */
public final class RejectQueryToken implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("bearer.query-token.refused",
                "A valid access token sent only in the ?access_token= query parameter gets no data",
                List.of("query-token-accepted", "fhir-open"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        URI base = FhirResources.fhirBase(ctx);
        String token = Fhir.sharedAccessToken(ctx);
        URI resource = FhirResources.protectedResource(ctx, base, ctx.sharedTokens());
        Fhir.baseline(ctx, resource, token, "the token in the Authorization header");
        HttpExchange x = ctx.http().get(HttpRequestSpec.withQuery(resource, "access_token", token), "Accept", "application/fhir+json");
        if (Fhir.ok(x)) {
            throw fail("the token in the query string was accepted: " + x.summary()
                    + "; expected 401 and no data (RFC 6750 §2.3, RFC 9700 §4.3.2: tokens do not belong in URIs)");
        }
        ctx.pass(x.status() + " for the token in the query of " + resource + " (the same token in the header got 2xx)");
    }
}
