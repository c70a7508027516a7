package org.hitcert.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.ClientAuth;
import org.hitcert.support.Http;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Target;

/**
 * Obtains the run's shared token response: one ordinary code flow with the public client and default user; and tells
 * whether a token response obtained earlier still works. A correct server may end the shared token's grant while the run
 * goes on (a replayed code or a reused refresh token revokes every token of its grant, RFC 6749 §4.1.2, RFC 9700
 * §4.14.2, and some servers keep one grant per login session and client), so a reused token is probed before it is
 * handed out again, and again before a FAIL is based on it.
 */
final class SharedTokens {

    private SharedTokens() {
    }

    /** What a probe of a token saw: alive or not ({@code null}: the candidate offers no way to tell), and the answer. */
    record Liveness(Boolean alive, String said) {
        boolean dead() {
            return Boolean.FALSE.equals(alive);
        }
    }

    /**
     * Whether {@code tokens}' access token still works: the userinfo endpoint (200 or 401) when the token carries
     * openid, else authorized introspection ({@code active}) with the confidential client's secret. Never quotes the token.
     */
    static Liveness liveness(Http http, Target target, ClientAuth auth, JsonNode tokens) {
        String at = tokens.path("access_token").asText("");
        String scope = tokens.path("scope").asText(target.client("public").map(ClientSpec::scope).orElse("openid"));
        Optional<URI> userinfo = target.endpoint("userinfo").filter(u -> "https".equalsIgnoreCase(u.getScheme()));
        if (userinfo.isPresent() && (" " + scope + " ").contains(" openid ")) {
            try {
                HttpExchange x = http.get(userinfo.get(), "Authorization", "Bearer " + at, "Accept", "application/json");
                if (x.status() == 200 || x.status() == 401) {
                    return new Liveness(x.status() == 200, "userinfo answered " + x.summary());
                }
            } catch (RuntimeException e) {
                // no answer there: introspection may tell
            }
        }
        Optional<URI> introspection = target.endpoint("introspection");
        Optional<ClientSpec> client = target.client("confidential").filter(c -> c.authMethod().startsWith("client_secret"));
        if (introspection.isPresent() && client.isPresent()) {
            try {
                HttpExchange x = http.send(auth.tokenRequest(client.get(), introspection.get(), "token", at));
                Optional<JsonNode> body = x.json().filter(j -> x.status() == 200 && j.has("active"));
                if (body.isPresent()) {
                    boolean active = body.get().get("active").asBoolean(false);
                    return new Liveness(active, "introspection answered active: " + active);
                }
            } catch (RuntimeException e) {
                // no answer: unknown
            }
        }
        return new Liveness(null, "neither userinfo nor introspection told whether it works");
    }

    static JsonNode obtain(CheckContextImpl ctx) {
        ClientSpec client = org.hitcert.checks.Checks.browserClient(ctx.target());
        UserSpec user = org.hitcert.checks.Checks.user(ctx.target(), "default");
        // a login of its own, kept from the run's signed-in session: at a server that keeps one grant per login session
        // and client, a check that replays a code or reuses a refresh token over that session ends every token of its
        // grant, and this one must not be among them
        org.hitcert.support.CodeFlow flow = ctx.ownGrantFlow();
        Authorization auth;
        try {
            auth = flow.authorize(client, user, Map.of());
        } finally {
            ctx.ownGrantFlowDone();
        }
        String code = auth.param("code").orElseThrow(() -> new Inconclusive("the code flow gave no code ("
                + (auth.redirected() ? "response " + auth.response().keySet() : "stopped at " + auth.landedAt()
                + auth.loginProblem().map(p -> ": " + p).orElse("")) + ")"));
        HttpExchange token = flow.redeem(client, code, auth.redirectUri(), auth.pkce().verifier());
        JsonNode body = token.json().orElse(null);
        if (token.status() != 200 || body == null || !body.hasNonNull("access_token")) {
            throw new Inconclusive("the code did not redeem for an access token (" + token.summary() + ")");
        }
        return body;
    }
}
