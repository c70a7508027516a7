package org.hitcert.checks.authorize;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.CodeFlow.Refusal;
import org.hitcert.support.HttpExchange;

/**
 * RFC 6749 §3.3 and §4.1.2.1: a scope the server does not know, or a malformed SMART scope, is refused
 * (invalid_scope) or left out of the grant, which the token response then states (§5.1: scope is REQUIRED when it
 * differs from the request). Granting it silently fails.
 */
public final class RefuseUnknownScopes implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("authorize.scope.unknown-refused",
                "Unknown or malformed scopes are refused or visibly left out of the grant",
                List.of("scope-unchecked"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Clients.browserClient(ctx.target());
        List<String> seen = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        for (String bad : List.of("hitcert-unknown-scope", "patient/Observation.xyz")) {
            Refusal r = ctx.flow().refusalOf(client, Clients.defaultUser(ctx.target()),
                    Map.of("scope", client.scope() + " " + bad), "scope with " + bad);
            if (!r.granted()) {
                (r.refused() ? seen : undecided).add(r.reason());
                continue;
            }
            Authorization a = r.authorization();
            if (a.param("code").isEmpty()) {
                throw fail("the request with scope '" + bad + "' was answered with an access token in the redirect, no code: "
                        + "expected invalid_scope (RFC 6749 §4.1.2.1)");
            }
            HttpExchange x = ctx.flow().redeem(client, a.param("code").get(), a.redirectUri(), a.pkce().verifier());
            JsonNode body = x.json().orElse(null);
            if (x.status() / 100 != 2 || body == null || !body.hasNonNull("access_token")) {
                seen.add(bad + " → a code that did not redeem (" + x.summary() + ")");
                continue;
            }
            if (!body.hasNonNull("scope")) {
                throw fail("the request with scope '" + bad + "' got a code and a token whose response names no scope, i.e. the "
                        + "scope as requested (RFC 6749 §5.1), unknown scope included: expected invalid_scope (§4.1.2.1) or a "
                        + "scope member without it");
            }
            List<String> granted = Arrays.asList(body.get("scope").asText().split(" "));
            if (granted.contains(bad)) {
                throw fail("scope '" + bad + "' was granted: the token response says scope='" + body.get("scope").asText()
                        + "'; expected invalid_scope (RFC 6749 §4.1.2.1) or a grant without it (§3.3)");
            }
            seen.add(bad + " → left out of the granted scope");
        }
        if (!undecided.isEmpty()) {
            throw new Inconclusive(String.join("; ", undecided));
        }
        ctx.pass("no unknown or malformed scope was granted: " + String.join("; ", seen));
    }
}
