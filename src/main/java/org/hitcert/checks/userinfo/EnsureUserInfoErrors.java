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
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.ClientAuth;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Redactor;
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
                List.of("userinfo-no-challenge", "http-endpoint-advertised", "userinfo-ignores-revocation",
                        "userinfo-openid-unchecked"), List.of(), true); // no sharesLogin: it revokes a token
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
        // the twin of both cases: a fresh token of the same client with openid works at userinfo (this check's own token,
        // from a login of its own: it is revoked below, and a server may revoke with it every token of its grant, RFC 7009
        // §2.1; oidc-provider keeps one grant per login session and client, so over the run's signed-in session that
        // revocation ended the tokens other checks had just taken, CI 2026-12-07)
        OidcFlows.Tokens live = OidcFlows.codeFlow(ctx, client, OidcFlows.user(ctx, "default"), Map.of());
        HttpExchange before = ctx.http().get(uri, "Accept", "application/json", "Authorization", "Bearer " + live.accessToken());
        if (before.status() != 200) {
            throw new Inconclusive("a fresh access token with scope '" + client.scope() + "' got " + before.summary()
                    + " at userinfo, so refusals of revoked and non-openid tokens would show nothing");
        }
        List<String> scope = new ArrayList<>(List.of(client.scope().trim().split(" +")));
        scope.removeAll(List.of("openid", "fhirUser", "profile", "email", "offline_access", "online_access"));
        if (scope.isEmpty()) {
            ctx.note("no token without openid", "the client's scope has nothing besides openid and identity scopes");
            seen.add("a token without openid: not tried (the client's scope '" + client.scope() + "' has nothing else)");
        } else {
            Map<String, String> overrides = new HashMap<>();
            overrides.put("scope", String.join(" ", scope));
            overrides.put("nonce", null);
            OidcFlows.Tokens t = OidcFlows.codeFlow(ctx, client, OidcFlows.user(ctx, "default"), overrides);
            String granted = t.response().path("scope").asText(String.join(" ", scope));
            if (OidcFlows.grants(granted, "openid")) {
                throw new Inconclusive("a request without openid (scope '" + String.join(" ", scope) + "') was granted '"
                        + granted + "', so no token without openid could be obtained");
            }
            HttpExchange noOpenid = ctx.http().get(uri, "Accept", "application/json", "Authorization", "Bearer " + t.accessToken());
            if (noOpenid.status() == 200) {
                throw fail("a token granted without the openid scope (scope '" + granted + "') got " + noOpenid.summary()
                        + "; expected 403 insufficient_scope (OIDC Core §5.3.3, RFC 6750 §3.1)");
            }
            expect(noOpenid, "a token without the openid scope", noOpenid.status() == 401 ? 401 : 403,
                    noOpenid.status() == 401 ? null : "insufficient_scope");
            seen.add("token without openid → " + noOpenid.status());
        }
        Optional<URI> revocation = ctx.target().endpoint("revocation");
        if (revocation.isEmpty()) {
            seen.add("a revoked token: not tried (no revocation endpoint)");
        } else {
            HttpExchange r = ctx.http().send(new ClientAuth(System::getenv, new Redactor()).tokenRequest(client, revocation.get(),
                    "token", live.accessToken(), "token_type_hint", "access_token"));
            if (r.status() != 200) {
                throw new Inconclusive("revoking this check's own access token got " + r.summary() + " (RFC 7009 §2.2: 200), "
                        + "so the revoked case could not be set up");
            }
            HttpExchange revoked = ctx.http().get(uri, "Accept", "application/json", "Authorization", "Bearer " + live.accessToken());
            expect(revoked, "a revoked token (200 before its revocation)", 401, "invalid_token");
            seen.add("revoked token → 401 invalid_token (200 before its revocation)");
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
