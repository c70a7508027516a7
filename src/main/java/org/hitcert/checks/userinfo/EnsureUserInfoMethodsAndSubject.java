package org.hitcert.checks.userinfo;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.idtoken.OidcFlows;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;

/**
 * OIDC Core §5.3.1 and §5.3.2: userinfo answers GET and POST (the token in the Authorization header) with a JSON
 * object (or a JWT), whose sub is exactly the ID token's sub; a client must not use the response otherwise.
 */
public final class EnsureUserInfoMethodsAndSubject implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("userinfo.methods.sub",
                "UserInfo answers GET and POST with the same sub as the ID token",
                List.of("userinfo-sub-mismatch", "http-endpoint-advertised"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        URI uri = UserInfoEndpoint.of(ctx);
        JsonNode tokens = ctx.sharedTokens();
        String sub = OidcFlows.idToken(ctx, tokens, OidcFlows.browserClient(ctx).scope()).claim("sub")
                .orElseThrow(() -> fail("the ID token has no sub (OIDC Core §2)"));
        String bearer = "Bearer " + tokens.path("access_token").asText();
        HttpExchange get = ctx.http().get(uri, "Accept", "application/json", "Authorization", bearer);
        HttpExchange post = ctx.http().send(new HttpRequestSpec("POST", uri, java.util.Map.of(
                "Authorization", bearer, "Accept", "application/json",
                "Content-Type", "application/x-www-form-urlencoded"), ""));
        if (get.status() == 401 || post.status() == 401) {
            ctx.note("shared token", "re-validated before a FAIL: " + org.hitcert.checks.token.LiveToken.require(ctx, tokens,
                    "userinfo refused the run's shared access token (GET " + get.status() + ", POST " + post.status() + ")"));
        }
        for (HttpExchange x : List.of(get, post)) {
            JsonNode claims = UserInfoEndpoint.claims(x).orElseThrow(() -> fail("userinfo with a valid access token gave "
                    + x.summary() + ", Content-Type " + x.header("Content-Type").orElse("absent")
                    + "; expected 200 with application/json or application/jwt (OIDC Core §5.3.1, §5.3.2: GET and POST)"));
            String stated = claims.path("sub").asText(null);
            if (stated == null || !stated.equals(sub)) {
                throw fail("userinfo (" + x.request().method() + ") states sub " + (stated == null ? "absent" : "'" + stated + "'")
                        + " but the ID token's sub is '" + sub + "'; they must be identical, else the client must "
                        + "not use the response (OIDC Core §5.3.2)");
            }
        }
        ctx.pass("GET and POST both answered 200 with sub '" + sub + "', the ID token's");
    }
}
