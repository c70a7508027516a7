package org.hitcert.checks.code;

import static org.hitcert.checks.Checks.fail;

import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;

/**
 * RFC 6749 §4.1.2 and §10.5, RFC 9700 §4.2.4: a code redeems once; a second redemption is refused (MUST). That the
 * tokens of the first redemption are then revoked is a SHOULD, decided by token.code.replay-revokes.
 */
public final class RedeemCodeOnce implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.code.single-use",
                "A code redeems once; a second redemption is refused",
                List.of("code-reusable"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Codes.browserClient(ctx);
        Authorization a = Codes.fresh(ctx, client);
        String code = a.param("code").get();
        HttpExchange first = ctx.flow().redeem(client, code, a.redirectUri(), a.pkce().verifier());
        if (!Codes.released(first)) {
            throw new Inconclusive("the first redemption of a fresh code was refused (" + first.summary() + "), so a replay "
                    + "cannot be told apart");
        }
        HttpExchange second = ctx.flow().redeem(client, code, a.redirectUri(), a.pkce().verifier());
        if (Codes.released(second)) {
            throw fail("the same code redeemed twice: the second request got " + second.summary() + " with an access token, "
                    + "expected invalid_grant (RFC 6749 §4.1.2: a code MUST NOT be used more than once)");
        }
        ctx.pass("the replayed code was refused (" + Codes.outcome(second) + "); whether the tokens of the first redemption "
                + "were revoked is token.code.replay-revokes");
    }
}
