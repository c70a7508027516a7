package org.hitcert.checks.authorize;

import static org.hitcert.checks.Checks.fail;
import static org.hitcert.checks.Checks.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;

/**
 * RFC 6749 §4.1 with RFC 7636: in a real browser, the candidate's login and consent lead to a redirect to
 * the registered URI carrying a code and the client's state verbatim (§4.1.2), and {@code iss} equal to the
 * issuer when present or advertised (RFC 9207 §2); the code redeems, with its verifier, for a Bearer token.
 */
public final class FollowCodeFlowWithPkce implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("authorize.code-flow.pkce",
                "The authorization code flow with PKCE completes in a real browser, state returned verbatim",
                List.of("state-dropped", "iss-missing"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Clients.browserClient(ctx.target());
        Authorization auth = ctx.flow().authorize(client, Clients.defaultUser(ctx.target()), Map.of());
        if (!auth.redirected()) {
            if (auth.ending().kind() == org.hitcert.support.AuthorizationEnding.Kind.SERVER_ERROR
                    || auth.ending().kind() == org.hitcert.support.AuthorizationEnding.Kind.ERROR_PAGE_AFTER_LOGIN) {
                throw fail("a valid authorization request did not complete: " + auth.ending().detail());
            }
            throw new org.hitcert.checks.Inconclusive("the valid authorization request never reached the redirect URI "
                    + auth.redirectUri() + ": " + auth.ending().detail());
        }
        if (auth.param("error").isPresent()) {
            throw fail("the authorization response is an error: error=" + auth.param("error").get()
                    + auth.param("error_description").map(d -> ", error_description=" + d).orElse(""));
        }
        String state = auth.param("state").orElseThrow(() -> fail("the authorization response dropped state: sent '"
                + auth.state() + "', the redirect to " + auth.redirectUri() + " carried none (RFC 6749 §4.1.2: REQUIRED if sent)"));
        if (!state.equals(auth.state())) {
            throw fail("state came back altered: sent '" + auth.state() + "', received '" + state + "' (RFC 6749 §4.1.2)");
        }
        String issuer = ctx.target().issuer().toString();
        boolean issAdvertised = ctx.target().discovery()
                .map(d -> d.path("authorization_response_iss_parameter_supported").asBoolean(false)).orElse(false);
        if (auth.param("iss").isPresent() && !auth.param("iss").get().equals(issuer)) {
            throw fail("iss in the authorization response is '" + auth.param("iss").get() + "', the issuer is '" + issuer
                    + "' (RFC 9207 §2.4: they must be identical)");
        }
        if (issAdvertised && auth.param("iss").isEmpty()) {
            throw fail("metadata sets authorization_response_iss_parameter_supported but the response has no iss (RFC 9207 §2)");
        }
        String code = auth.param("code").orElseThrow(() -> fail("the redirect carried neither a code nor an error"));
        HttpExchange token = ctx.flow().redeem(client, code, auth.redirectUri(), auth.pkce().verifier());
        if (token.status() != 200) {
            throw fail("redeeming the code with its PKCE verifier failed: " + token.summary() + " " + token.body());
        }
        JsonNode body = json(token, "the token response");
        if (!body.hasNonNull("access_token") || !body.path("token_type").asText().equalsIgnoreCase("Bearer")
                && !body.path("token_type").asText().equalsIgnoreCase("DPoP")) {
            throw fail("the token response lacks access_token or a Bearer token_type (RFC 6749 §5.1): members "
                    + iterable(body));
        }
        ctx.pass("login and consent in " + ctx.browser().description() + " led to " + auth.redirectUri()
                + " with a code and state verbatim" + (auth.param("iss").isPresent() ? " and iss" : "")
                + "; the code redeemed with its verifier for a " + body.path("token_type").asText() + " token");
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
