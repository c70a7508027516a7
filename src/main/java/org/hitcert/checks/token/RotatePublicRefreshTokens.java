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
 * RFC 9700 §2.2.2 and §4.14.2: a public client's refresh token is either rotated (each refresh issues a new one and the
 * used one stops working) or sender-constrained (DPoP, mTLS). The suite uses plain bearer refresh: a refresh token that
 * is neither rotated nor bound refreshes again, which is the finding.
 */
public final class RotatePublicRefreshTokens implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.refresh.rotation", "A public client's refresh token rotates (or is sender-constrained)",
                List.of("refresh-not-rotated"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        calls.publicClient();
        TokenCalls.RefreshGrant g = calls.refreshGrant();
        g.requirePublic("RT-ROTATE-PUBLIC");
        ClientSpec client = g.client();
        JsonNode t = g.tokens();
        if (t.path("token_type").asText().equalsIgnoreCase("DPoP")) {
            throw new Inconclusive("the tokens are DPoP-bound; the suite does not send DPoP proofs yet, so rotation is not tried "
                    + "(sender-constraint satisfies RFC 9700 §4.14.2)");
        }
        String rt1 = t.get("refresh_token").asText();
        HttpExchange first = calls.refresh(client, rt1);
        TokenAnswer a1 = TokenAnswer.of(first);
        if (!a1.tokenIssued()) {
            throw new Inconclusive("the first refresh with a fresh refresh token was refused (" + a1.describe() + ")");
        }
        String rt2 = first.json().map(j -> TokenCalls.text(j, "refresh_token")).orElse(null);
        TokenAnswer replay = TokenAnswer.of(calls.refresh(client, rt1));
        if (replay.tokenIssued()) {
            throw fail("the public client's refresh token refreshed twice (" + (rt2 == null ? "no new refresh token was issued"
                    : rt2.equals(rt1) ? "the same refresh token was returned" : "a new one was issued but the old one still works")
                    + "; the tokens are bearer, not sender-constrained); expected rotation with the used refresh token refused, "
                    + "or sender-constrained refresh tokens (RFC 9700 §4.14.2)");
        }
        if (rt2 == null || rt2.equals(rt1)) {
            throw fail("the refresh issued no new refresh token, so the client is left without one after a single refresh "
                    + "(replay → " + replay.describe() + "); expected rotation (RFC 9700 §4.14.2)");
        }
        ctx.pass("rotation: the refresh issued a new refresh token and the used one was refused on replay (" + replay.describe() + ")");
    }
}
