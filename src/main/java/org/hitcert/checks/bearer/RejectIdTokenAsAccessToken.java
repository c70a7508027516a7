package org.hitcert.checks.bearer;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.HttpExchange;

/**
 * RFC 8725 §3.11/§3.12 and RFC 9700 §2.3: an ID token is meant for the client (its aud), not for a resource server;
 * presented as a Bearer token at the FHIR API or at userinfo it is refused.
 */
public final class RejectIdTokenAsAccessToken implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("bearer.id-token.refused",
                "An ID token presented as a Bearer token gets no data from the FHIR API or userinfo",
                List.of("id-token-accepted-as-access-token"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        URI base = FhirResources.fhirBase(ctx);
        String idToken = ctx.sharedTokens().path("id_token").asText("");
        if (idToken.isEmpty()) {
            throw new Inconclusive("the shared token response (scope with openid) carries no id_token");
        }
        String token = Fhir.sharedAccessToken(ctx);
        URI resource = FhirResources.protectedResource(ctx, base, ctx.sharedTokens());
        Fhir.baseline(ctx, resource, token, "the access token of the same response");
        HttpExchange x = Fhir.get(ctx, resource, idToken);
        if (Fhir.ok(x)) {
            throw fail("the ID token was accepted as an access token at the FHIR API: " + x.summary()
                    + "; expected 401 invalid_token (RFC 8725 §3.11, RFC 9700 §2.3: an ID token's audience is the client)");
        }
        String where = "FHIR " + x.status();
        if (ctx.target().endpoint("userinfo").isPresent()) {
            HttpExchange u = ctx.http().get(ctx.target().endpoint("userinfo").get(), "Accept", "application/json",
                    "Authorization", "Bearer " + idToken);
            if (Fhir.ok(u)) {
                throw fail("the ID token was accepted as an access token at userinfo: " + u.summary()
                        + "; expected 401 invalid_token (RFC 8725 §3.11, RFC 9700 §2.3)");
            }
            where += ", userinfo " + u.status();
        }
        ctx.pass("the ID token was refused as a Bearer token (" + where + "); the access token was served");
    }
}
