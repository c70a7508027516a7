package org.hitcert.checks.userinfo;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.idtoken.OidcFlows;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Pkce;

/**
 * OIDC Core §5.3.3 with RFC 6750 §3 and §3.1: userinfo refuses a request without a token (401, Bearer challenge,
 * no error code needed), an invalid token and a revoked one (401 invalid_token), and a token without the openid
 * scope (403 insufficient_scope, or 401). None of them may get claims.
 */
public final class EnsureUserInfoErrors implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("userinfo.errors.challenge",
                "UserInfo refuses missing, invalid, revoked and non-openid tokens with a Bearer challenge",
                List.of("userinfo-no-challenge", "http-endpoint-advertised"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        URI uri = UserInfoEndpoint.of(ctx);
        List<String> seen = new ArrayList<>();
        HttpExchange none = ctx.http().get(uri, "Accept", "application/json");
        expect(none, "no token", 401, null);
        seen.add("no token → 401");
        HttpExchange invalid = ctx.http().get(uri, "Accept", "application/json", "Authorization",
                "Bearer hitcert-invalid-" + Pkce.random(24));
        expect(invalid, "an invalid token", 401, "invalid_token");
        seen.add("invalid token → 401 invalid_token");

        ClientSpec client = OidcFlows.browserClient(ctx);
        List<String> scope = new ArrayList<>(List.of(client.scope().trim().split(" +")));
        scope.removeAll(List.of("openid", "fhirUser", "profile", "email", "offline_access", "online_access"));
        if (scope.isEmpty()) {
            ctx.note("no token without openid", "the client's scope has nothing besides openid and identity scopes");
        } else {
            Map<String, String> overrides = new HashMap<>();
            overrides.put("scope", String.join(" ", scope));
            overrides.put("nonce", null);
            OidcFlows.Tokens t = OidcFlows.codeFlow(ctx, client, OidcFlows.user(ctx, "default"), overrides);
            String bearer = "Bearer " + t.accessToken();
            HttpExchange noOpenid = ctx.http().get(uri, "Accept", "application/json", "Authorization", bearer);
            if (noOpenid.status() == 200) {
                throw fail("a token granted without the openid scope got " + noOpenid.summary()
                        + "; expected 403 insufficient_scope (OIDC Core §5.3.3, RFC 6750 §3.1)");
            }
            expect(noOpenid, "a token without the openid scope", noOpenid.status() == 401 ? 401 : 403,
                    noOpenid.status() == 401 ? null : "insufficient_scope");
            seen.add("token without openid → " + noOpenid.status());
            Optional<URI> revocation = ctx.target().endpoint("revocation");
            if (revocation.isPresent() && client.authMethod().equals("none")) {
                HttpExchange r = ctx.http().send(HttpRequestSpec.postForm(revocation.get(), "token", t.accessToken(),
                        "token_type_hint", "access_token", "client_id", client.clientId()));
                if (r.status() == 200) {
                    HttpExchange revoked = ctx.http().get(uri, "Accept", "application/json", "Authorization", bearer);
                    expect(revoked, "a revoked token", 401, "invalid_token");
                    seen.add("revoked token → 401 invalid_token");
                } else {
                    ctx.note("revocation refused", "the revocation request got " + r.summary() + "; revoked case not tested");
                }
            }
        }
        ctx.pass(String.join("; ", seen) + ", each with a Bearer challenge");
    }

    private static void expect(HttpExchange x, String what, int status, String error) {
        if (x.status() == 200 || x.status() >= 500) {
            throw fail("userinfo with " + what + " got " + x.summary() + "; expected " + status
                    + " with a Bearer challenge (OIDC Core §5.3.3, RFC 6750 §3.1)");
        }
        if (x.status() != status) {
            throw fail("userinfo with " + what + " got " + x.summary() + "; expected " + status + " (RFC 6750 §3.1)");
        }
        Optional<String> challenge = UserInfoEndpoint.bearerChallenge(x);
        if (challenge.isEmpty()) {
            throw fail("userinfo with " + what + " answered " + x.status() + " without a WWW-Authenticate: Bearer challenge (got "
                    + x.headerValues("WWW-Authenticate") + "); RFC 6750 §3 requires it (OIDC Core §5.3.3)");
        }
        if (error != null && !challenge.get().contains("error=\"" + error + "\"")) {
            throw fail("userinfo with " + what + " answered with challenge '" + challenge.get() + "'; expected error=\""
                    + error + "\" (RFC 6750 §3.1)");
        }
    }
}
