package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.clientauth.TokenAnswer;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;

/**
 * RFC 7009 §2 and §2.2: a revocation request for a refresh token is answered 200 and the token can no longer be used.
 * A fresh public-client refresh token is revoked by its client, then used to refresh.
 */
public final class RevokeRefreshToken implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.revocation.refresh-token", "A revoked refresh token no longer refreshes",
                List.of("revocation-ignored"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        TokenCalls.RefreshGrant g = calls.refreshGrantAuthenticatingAt(calls.endpoint("revocation", "revocation_endpoint"));
        ClientSpec client = g.client();
        // the twin first: the refresh token refreshes before it is revoked (a rotated one is revoked in its place)
        HttpExchange twin = calls.refresh(client, g.refreshToken());
        String rt = twin.json().map(j -> TokenCalls.text(j, "refresh_token")).orElse(g.refreshToken());
        HttpExchange revoke = calls.revoke(client, rt, "token_type_hint", "refresh_token");
        if (revoke.status() != 200) {
            throw fail("revoking the refresh token answered " + revoke.summary() + "; expected 200 (RFC 7009 §2.2)");
        }
        HttpExchange after = calls.refresh(client, rt);
        TokenAnswer refreshed = TokenAnswer.of(after);
        if (refreshed.tokenIssued()) {
            throw fail("the refresh token, revoked with answer 200, still refreshed (" + refreshed.describe()
                    + "); expected invalid_grant (RFC 7009 §2)");
        }
        ctx.pass(g.whose() + "'s refresh token: revocation → 200; " + TwinRequest.prove(ctx, "a refresh before the "
                + "revocation", twin, java.util.Map.of("a refresh with the revoked token", after)));
    }
}
