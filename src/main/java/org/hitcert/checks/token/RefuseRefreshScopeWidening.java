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
                List.of("refresh-scope-widening"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        ClientSpec client = calls.publicClient();
        JsonNode t = calls.publicTokensWithRefresh();
        String granted = t.hasNonNull("scope") ? t.get("scope").asText() : client.scope();
        HttpExchange x = calls.refresh(client, t.get("refresh_token").asText(), "scope", granted + " " + WIDER);
        TokenAnswer a = TokenAnswer.of(x);
        if (!a.tokenIssued()) {
            ctx.pass("refresh asking for '" + WIDER + "' beyond the grant → " + a.describe());
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
