package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;

/**
 * SMART scopes (offline_access / online_access gate refresh tokens), RFC 9700 §4.14.2, HEART (refresh tokens live at most
 * 24 h): a code flow without offline_access or online_access yields no refresh token, or one whose introspected exp is
 * at most 24 h ahead. (Idle expiry is {@link ExpireIdleRefreshTokens}.) Graded SHOULD.
 */
public final class GateRefreshTokens implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.refresh.gated", "No refresh token without offline_access/online_access, or a bounded one",
                List.of("refresh-without-offline-access"), List.of(), true).sharesLogin().readsRefreshTokens();
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        // the positive control: the client that gets refresh tokens with its registered scope (offline_access included)
        // where introspection can read the lifetime, a client that may introspect its own tokens there (RFC 7662 §2.2)
        TokenCalls.RefreshGrant g = ownIntrospection(ctx, calls).orElseGet(calls::refreshGrant);
        ClientSpec client = g.client();
        String scope = Arrays.stream(client.scope().split(" +"))
                .filter(s -> !s.equals("offline_access") && !s.equals("online_access")).collect(Collectors.joining(" "));
        JsonNode t = calls.userTokens(client, Map.of("scope", scope));
        if (!t.hasNonNull("refresh_token")) {
            ctx.pass(g.whose() + " gets a refresh token with scope '" + client.scope() + "' and none for scope '" + scope
                    + "' (no offline_access or online_access)");
            return;
        }
        if (ctx.target().endpoint("introspection").isEmpty()) {
            throw new Inconclusive("a refresh token was issued without offline_access/online_access, and with no introspection "
                    + "endpoint its lifetime cannot be read");
        }
        ClientSpec asker = calls.introspectorOf(client);
        HttpExchange x = calls.introspect(asker, t.get("refresh_token").asText());
        if (!x.json().map(j -> x.status() == 200 && j.path("active").asBoolean(false)).orElse(false)) {
            if (asker.equals(client)) {
                // its own client may introspect it, so active:false says the token is dead, or that introspection does not
                // describe refresh tokens (django-oauth-toolkit's knows access tokens only): a refresh tells which
                HttpExchange refreshed = calls.refresh(client, t.get("refresh_token").asText());
                if (org.hitcert.checks.clientauth.TokenAnswer.of(refreshed).tokenIssued()) {
                    throw new Inconclusive("a refresh token was issued without offline_access/online_access (scope '" + scope
                            + "'); introspection by its own client " + client.clientId() + " answered " + x.summary()
                            + ", yet the token then refreshed (" + refreshed.status() + "): this server's introspection does "
                            + "not describe its refresh tokens, so their lifetime cannot be read here (only waiting 24 h "
                            + "would decide it)");
                }
            }
            throw new Inconclusive("a refresh token was issued without offline_access/online_access (scope '" + scope + "'), but "
                    + "introspection by " + asker.clientId() + " answered " + x.summary() + " for it, so its lifetime cannot be "
                    + "read" + (asker.equals(client) ? "" : " (a server may answer active:false for another client's token)"));
        }
        long exp = x.json().map(j -> j.path("exp").asLong(0)).orElse(0L);
        long ahead = exp - System.currentTimeMillis() / 1000;
        if (exp == 0 || ahead > 24 * 3600 + 60) {
            throw fail("a refresh token was issued without offline_access or online_access (scope '" + scope + "') and "
                    + (exp == 0 ? "introspection states no exp" : "introspection says it lives " + ahead + " s")
                    + "; expected none, or one bounded to 24 h (SMART scopes; HEART token lifetimes)");
        }
        ctx.pass("a refresh token was issued without offline_access, bounded to " + ahead + " s");
    }

    private static java.util.Optional<TokenCalls.RefreshGrant> ownIntrospection(CheckContext ctx, TokenCalls calls) {
        if (ctx.target().endpoint("introspection").isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(calls.refreshGrantAuthenticatingAt(calls.endpoint("introspection", "introspection_endpoint")));
        } catch (Inconclusive e) {
            return java.util.Optional.empty();
        }
    }
}
