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
 * RFC 9700 §4.14.2 and SMART best practices: when a rotated (already used) refresh token is presented again, the server
 * cannot tell attacker from client and revokes the whole family: the newest refresh token stops working too.
 */
public final class RevokeFamilyOnRefreshReuse implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.refresh.reuse-revokes", "Reuse of a rotated refresh token revokes its family",
                List.of("refresh-reuse-not-detected", "refresh-not-rotated"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        calls.publicClient();
        TokenCalls.RefreshGrant g = calls.refreshGrant();
        g.requirePublic("RT-REUSE-REVOKES");
        ClientSpec client = g.client();
        JsonNode t = g.tokens();
        String rt1 = t.get("refresh_token").asText();
        HttpExchange first = calls.refresh(client, rt1);
        if (!TokenAnswer.of(first).tokenIssued()) {
            throw new Inconclusive("the first refresh was refused (" + TokenAnswer.of(first).describe() + ")");
        }
        String rt2 = first.json().map(j -> TokenCalls.text(j, "refresh_token")).orElse(rt1);
        TokenAnswer reuse = TokenAnswer.of(calls.refresh(client, rt1));
        TokenAnswer newest = TokenAnswer.of(calls.refresh(client, rt2));
        if (reuse.tokenIssued() || newest.tokenIssued()) {
            throw fail("after a refresh, the used refresh token presented again → " + reuse.describe() + ", then the newest "
                    + (rt2.equals(rt1) ? "(the same, not rotated) " : "") + "refresh token → " + newest.describe()
                    + "; expected both refused: reuse of a rotated refresh token revokes the family (RFC 9700 §4.14.2)");
        }
        ctx.pass("used refresh token again → " + reuse.describe() + "; newest refresh token afterwards → " + newest.describe());
    }
}
