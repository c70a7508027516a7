package org.hitcert.checks.idtoken;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Jwt;

/**
 * What the OpenID Connect, login and SMART checks share: the browser client and users, one code flow to a token
 * response, the ID token of a response, and the candidate's JWKS.
 */
public final class OidcFlows {

    private OidcFlows() {
    }

    /** A token response and the authorization that led to it. */
    public record Tokens(Authorization authorization, JsonNode response) {
        public String accessToken() {
            return response.path("access_token").asText();
        }
    }

    public static ClientSpec browserClient(CheckContext ctx) {
        return org.hitcert.checks.Checks.browserClient(ctx.target());
    }

    public static UserSpec user(CheckContext ctx, String role) {
        return org.hitcert.checks.Checks.user(ctx.target(), role);
    }

    public static boolean grants(String scope, String wanted) {
        return Arrays.asList(scope.trim().split(" +")).contains(wanted);
    }

    /** The ID token the shared code flow returned; NOT_APPLICABLE when the client does not ask for openid. */
    public static Jwt sharedIdToken(CheckContext ctx) {
        JsonNode tokens = ctx.sharedTokens();
        return idToken(ctx, tokens, browserClient(ctx).scope());
    }

    /** The ID token of {@code response}, requested with {@code scope}. */
    public static Jwt idToken(CheckContext ctx, JsonNode response, String scope) {
        if (!grants(scope, "openid")) {
            throw org.hitcert.checks.Checks.scopeLacks(ctx.target(), scope, "openid");
        }
        if (!response.hasNonNull("id_token")) {
            throw fail("the token response to an authorization request with scope openid has no id_token (members "
                    + fieldNames(response) + "); OIDC Core §3.1.3.3 requires one");
        }
        try {
            Jwt jwt = Jwt.decode(response.get("id_token").asText());
            ctx.note("decoded ID token", "header " + jwt.header() + "\nclaims " + jwt.claims());
            return jwt;
        } catch (IllegalArgumentException e) {
            throw fail("the id_token is " + e.getMessage() + " (OIDC Core §2: an ID token is a JWT)");
        }
    }

    private static String fieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    /**
     * One authorization code flow in the browser with {@code overrides}, redeemed; INCONCLUSIVE when it yields no
     * token response (the checks using it need one as their baseline).
     */
    public static Tokens codeFlow(CheckContext ctx, ClientSpec client, UserSpec user, Map<String, String> overrides) {
        return redeemed(ctx, client, ctx.flow().authorize(client, user, overrides), overrides);
    }

    /** The tokens of an authorization that ended with a code; INCONCLUSIVE when it gave none or the code did not redeem. */
    public static Tokens redeemed(CheckContext ctx, ClientSpec client, Authorization auth, Map<String, String> overrides) {
        String code = auth.param("code").orElseThrow(() -> new Inconclusive("the code flow " + overrides.keySet()
                + " gave no code (" + (auth.redirected() ? "response " + auth.response().keySet() + " "
                + auth.param("error").orElse("") : "stopped at " + auth.landedAt()
                + auth.loginProblem().map(p -> ": " + p).orElse("")) + ")"));
        HttpExchange x = ctx.flow().redeem(client, code, auth.redirectUri(), auth.pkce().verifier());
        JsonNode body = x.json().orElse(null);
        if (x.status() != 200 || body == null || !body.hasNonNull("access_token")) {
            throw new Inconclusive("the code did not redeem for an access token (" + x.summary() + ")");
        }
        return new Tokens(auth, body);
    }

    /** The candidate's JWKS (jwks_uri), as text. */
    public static String jwks(CheckContext ctx) {
        URI uri = ctx.target().endpoint("jwks").orElseThrow(() -> fail(
                "the candidate states no jwks_uri (discovery or candidate file); OIDC Discovery §3 requires it"));
        HttpExchange x = ctx.http().get(uri, "Accept", "application/json");
        if (x.status() != 200 || x.json().isEmpty()) {
            throw fail("the JWKS at " + uri + " could not be read: " + x.summary());
        }
        return x.body();
    }
}
