package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.clientauth.TokenAnswer;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;

/**
 * RFC 7009 §2.1: when a refresh token is revoked, the server SHOULD also invalidate the access tokens of the same grant.
 * A fresh grant's refresh token (of a client that authenticates at the revocation endpoint, where a server may let only
 * those revoke) is revoked; its sibling access token, shown to work before (the positive control), is then used where
 * the suite can tell: the FHIR API, else introspection by its own client, else userinfo ({@link TokenCalls#useOf}).
 * (That the refresh token itself dies is token.revocation.refresh-token's MUST.) Graded SHOULD.
 */
public final class RevokeRefreshTokenWithItsAccessTokens implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.revocation.cascade", "Revoking a refresh token kills its grant's access tokens",
                List.of("revocation-not-propagated", "revocation-ignored"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        TokenCalls.RefreshGrant g = calls.refreshGrantAuthenticatingAt(calls.endpoint("revocation", "revocation_endpoint"));
        ClientSpec client = g.client();
        JsonNode t = g.tokens();
        String at = t.get("access_token").asText();
        String rt = t.get("refresh_token").asText();
        TokenCalls.Use before = calls.useOf(at, t, client).orElseThrow(() -> new Inconclusive("neither the FHIR API, "
                + "introspection nor userinfo tells whether the grant's access token works, so its fate after the revocation "
                + "of its refresh token cannot be seen"));
        if (!before.alive()) {
            throw new Inconclusive("the grant's access token did not work before any revocation (" + before.seen() + "), so its "
                    + "refusal afterwards would prove nothing");
        }
        HttpExchange revoke = calls.revoke(client, rt, "token_type_hint", "refresh_token");
        if (revoke.status() != 200) {
            throw fail("revoking the refresh token answered " + revoke.summary() + "; expected 200 (RFC 7009 §2.2)");
        }
        TokenAnswer refreshed = TokenAnswer.of(calls.refresh(client, rt));
        if (refreshed.tokenIssued()) {
            ctx.note("refresh token", "the revoked refresh token still refreshed (" + refreshed.describe()
                    + "): token.revocation.refresh-token decides that");
        }
        TokenCalls.Use after = calls.useOf(at, t, client).orElseThrow(() -> new Inconclusive("after the revocation, neither "
                + "the FHIR API, introspection nor userinfo answered whether the sibling access token works (before: "
                + before.seen() + ")"));
        if (after.alive()) {
            throw fail("after revoking " + g.whose() + "'s refresh token, its grant's access token still works (" + after.seen()
                    + "; before: " + before.seen() + "); expected the grant's access tokens invalidated too (RFC 7009 §2.1 SHOULD)");
        }
        ctx.pass(g.whose() + "'s revoked refresh token → " + refreshed.describe() + "; the sibling access token before: "
                + before.seen() + ", after: " + after.seen());
    }
}
