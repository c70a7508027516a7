package org.hitcert.checks.bearer;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;

/**
 * RFC 9700 §2.3/§4.10.2, RFC 8725 §3.8 and SMART App Launch (aud): a validly signed token from the candidate's own
 * authorization server, but minted for another resource server, is refused. Only the candidate can mint such a token:
 * its candidate file names the client (role {@code other-audience}) whose tokens are meant for another API.
 */
public final class RejectOtherAudienceToken implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("bearer.other-audience.refused",
                "A token the authorization server minted for another resource server gets no data from the FHIR API",
                List.of("audience-unchecked"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        URI base = FhirResources.fhirBase(ctx);
        ClientSpec client = ctx.target().client("other-audience").orElseThrow(() -> org.hitcert.checks.Checks.noClient("other-audience",
                "a client whose tokens are meant for another resource server (role other-audience)"));
        JsonNode tokens = Fhir.tokensFor(ctx, client, Fhir.user(ctx, "default"), null);
        String token = tokens.path("access_token").asText();
        Jwts.parse(token).ifPresent(jwt -> {
            JsonNode aud = jwt.claims().path("aud");
            ctx.note("audience of the other-audience token", aud.toString());
            boolean forUs = false;
            for (JsonNode each : aud.isArray() ? aud : Jwts.JSON.createArrayNode().add(aud)) {
                String v = each.asText();
                forUs |= v.equals(base.toString()) || v.equals(base + "/");
            }
            if (forUs) {
                throw new Inconclusive("the token of client " + client.clientId() + " names this FHIR server (" + base
                        + ") in its aud: it is not a token for another audience");
            }
        });
        Fhir.baseline(ctx, FhirResources.protectedResource(ctx, base, ctx.sharedTokens()), Fhir.sharedAccessToken(ctx),
                "a token for this FHIR server");
        URI resource = FhirResources.protectedResource(ctx, base, tokens);
        HttpExchange x = Fhir.get(ctx, resource, token);
        if (Fhir.ok(x)) {
            throw fail("a token minted for another resource server (client " + client.clientId() + ") was accepted: "
                    + x.summary() + "; expected 401 invalid_token (RFC 9700 §2.3: the resource server checks the audience)");
        }
        ctx.pass(x.status() + " for a token of client " + client.clientId() + " meant for another resource server");
    }
}
