package org.hitcert.checks.bearer;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.List;
import java.util.Optional;
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
        Optional<URI> base = ctx.target().fhirBase();
        Optional<URI> userinfo = ctx.target().endpoint("userinfo");
        if (base.isEmpty() && userinfo.isEmpty()) {
            throw org.hitcert.checks.Checks.noFhirBase(); // and the metadata names no userinfo endpoint either
        }
        String idToken = ctx.sharedTokens().path("id_token").asText("");
        if (idToken.isEmpty()) {
            throw new Inconclusive("the shared token response (scope with openid) carries no id_token");
        }
        String token = Fhir.sharedAccessToken(ctx);
        List<String> where = new java.util.ArrayList<>();
        if (base.isPresent()) {
            URI resource = FhirResources.protectedResource(ctx, base.get(), ctx.sharedTokens());
            Fhir.baseline(ctx, resource, token, "the access token of the same response");
            HttpExchange x = Fhir.get(ctx, resource, idToken);
            if (Fhir.ok(x)) {
                throw fail("the ID token was accepted as an access token at the FHIR API: " + x.summary()
                        + "; expected 401 invalid_token (RFC 8725 §3.11, RFC 9700 §2.3: an ID token's audience is the client)");
            }
            where.add("FHIR " + x.status());
        }
        if (userinfo.isPresent()) {
            HttpExchange good = ctx.http().get(userinfo.get(), "Accept", "application/json", "Authorization", "Bearer " + token);
            if (!Fhir.ok(good)) {
                throw new Inconclusive("userinfo did not serve the access token of the same response (" + good.summary()
                        + "), so its refusal of the ID token would prove nothing");
            }
            HttpExchange u = ctx.http().get(userinfo.get(), "Accept", "application/json",
                    "Authorization", "Bearer " + idToken);
            if (Fhir.ok(u)) {
                throw fail("the ID token was accepted as an access token at userinfo: " + u.summary()
                        + "; expected 401 invalid_token (RFC 8725 §3.11, RFC 9700 §2.3)");
            }
            where.add("userinfo " + u.status());
        }
        if (base.isEmpty()) {
            throw Inconclusive.notAssessed("fhir-base (the FHIR API half of this requirement; userinfo refused the ID "
                    + "token with " + String.join(", ", where) + " and served the access token)", "fhir-base: https://... "
                    + "(the FHIR API this authorization server protects) and its host to allowed-hosts");
        }
        ctx.pass("the ID token was refused as a Bearer token (" + String.join(", ", where) + "); the access token was served");
    }
}
