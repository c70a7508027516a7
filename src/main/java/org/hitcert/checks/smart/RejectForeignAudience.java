package org.hitcert.checks.smart;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.NotApplicable;
import org.hitcert.checks.idtoken.OidcFlows;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.CodeFlow.Refusal;
import org.hitcert.support.HttpExchange;

/**
 * SMART App Launch ("aud", authorization request) and RFC 9700 §4.10.2: the aud parameter names the resource
 * server the token is for, so that a token obtained for a counterfeit server is useless at the real one. An
 * authorization request with aud=https://evil.example/fhir (one change from a valid request) must end in an error,
 * or at least in a token the real FHIR server refuses. Decided on the outcome: does the real server accept it?
 */
public final class RejectForeignAudience implements Check {

    static final String FOREIGN = "https://evil.example/fhir";

    @Override
    public CheckInfo info() {
        return new CheckInfo("smart.aud.foreign-refused",
                "An authorization request naming a foreign aud yields no token that the real FHIR server accepts",
                List.of("aud-unchecked"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        URI base = org.hitcert.checks.Checks.fhirBase(ctx.target());
        ClientSpec client = OidcFlows.browserClient(ctx);
        Map<String, String> overrides = new HashMap<>();
        overrides.put("aud", FOREIGN);
        Refusal refusal = ctx.flow().refusalOf(client, OidcFlows.user(ctx, "default"), overrides, "aud=" + FOREIGN);
        if (refusal.inconclusive()) {
            throw new org.hitcert.checks.Inconclusive(refusal.reason());
        }
        if (refusal.refused()) {
            ctx.pass("refused: " + refusal.reason());
            return;
        }
        Authorization auth = refusal.authorization();
        String code = auth.param("code").orElseThrow(() -> fail("the response to a request with a foreign aud carried "
                + "neither an error nor a code"));
        HttpExchange token = ctx.flow().redeem(client, code, auth.redirectUri(), auth.pkce().verifier());
        JsonNode body = token.json().orElse(null);
        if (token.status() != 200 || body == null || !body.hasNonNull("access_token")) {
            ctx.pass("a code was issued for aud=" + FOREIGN + " but did not redeem (" + token.summary() + ")");
            return;
        }
        URI resource = org.hitcert.checks.bearer.FhirResources.protectedResource(ctx, base, body);
        HttpExchange read = ctx.http().get(resource, "Accept", "application/fhir+json",
                "Authorization", "Bearer " + body.get("access_token").asText());
        if (read.status() == 200) {
            throw fail("an authorization request with aud=" + FOREIGN + " was accepted, and its access token reads "
                    + resource + " at the real FHIR server (" + read.summary() + "): a counterfeit resource server "
                    + "could replay it (SMART App Launch aud; RFC 9700 §4.10.2)");
        }
        ctx.pass("a token was issued for aud=" + FOREIGN + " but the real FHIR server refused it (" + read.summary()
                + "); SMART expects the authorization request itself to be refused");
    }
}
