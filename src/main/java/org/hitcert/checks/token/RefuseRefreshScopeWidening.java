package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.clientauth.TokenAnswer;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;

/**
 * RFC 6749 §6 and SMART App Launch: a refresh may only narrow the original grant. The public client refreshes asking for
 * its granted scope plus user/*.cruds, never granted; the answer must be invalid_scope or a token without it.
 */
public final class RefuseRefreshScopeWidening implements Check {

    private static final String WIDER = "user/*.cruds";

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.refresh.scope-narrowing", "A refresh never widens the granted scope",
                List.of("refresh-scope-widening"), List.of(), true).sharesLogin().readsRefreshTokens();
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        TokenCalls.RefreshGrant g = calls.refreshGrant();
        ClientSpec client = g.client();
        JsonNode t = g.tokens();
        String granted = t.hasNonNull("scope") ? t.get("scope").asText() : client.scope();
        // the twin first: the same refresh asking for the granted scope succeeds (and may rotate the refresh token)
        HttpExchange twin = calls.refresh(client, g.refreshToken(), "scope", granted);
        String next = twin.json().map(j -> TokenCalls.text(j, "refresh_token")).orElse(g.refreshToken());
        HttpExchange x = calls.refresh(client, next, "scope", granted + " " + WIDER);
        TokenAnswer a = TokenAnswer.of(x);
        if (!a.tokenIssued()) {
            ctx.pass(g.whose() + "'s refresh token: " + TwinRequest.prove(ctx, "the same refresh asking for the granted scope '"
                    + granted + "'", twin, java.util.Map.of("a refresh asking for '" + WIDER + "' beyond the grant", x)));
            return;
        }
        String scope = x.json().map(j -> TokenCalls.text(j, "scope")).orElse(null);
        if (scope == null || Arrays.asList(scope.split(" +")).contains(WIDER)) {
            throw fail("a refresh asking for '" + WIDER + "' (never granted) got an access token with scope "
                    + (scope == null ? "not stated" : "'" + scope + "'") + "; expected invalid_scope or the original scope at most "
                    + "(RFC 6749 §6)");
        }
        ctx.pass("refresh asking for '" + WIDER + "' got a token limited to '" + scope + "'");
    }
}
