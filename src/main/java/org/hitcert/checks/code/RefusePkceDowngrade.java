package org.hitcert.checks.code;

import static org.hitcert.checks.Checks.fail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.CodeFlow.Refusal;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Pkce;

/**
 * RFC 9700 §2.1.1 and §4.8.2 (PKCE downgrade): a code_verifier sent for a code whose request had no
 * code_challenge must be refused; otherwise an attacker who strips the challenge from a victim's request can redeem
 * the code with any verifier. A server that never issues a code without a challenge passes.
 */
public final class RefusePkceDowngrade implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.pkce.no-downgrade",
                "A code_verifier for a code issued without code_challenge is refused",
                List.of("pkce-downgrade-accepted"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Codes.browserClient(ctx);
        Map<String, String> noChallenge = new HashMap<>();
        noChallenge.put("code_challenge", null);
        noChallenge.put("code_challenge_method", null);
        Refusal r = ctx.flow().refusalOf(client, org.hitcert.checks.Checks.user(ctx.target(), "default"), noChallenge, "no code_challenge");
        if (r.inconclusive()) {
            throw new Inconclusive(r.reason());
        }
        Authorization a = r.authorization();
        if (r.refused() || a.param("code").isEmpty()) {
            ctx.pass("no code is issued without code_challenge (" + r.reason() + "), so there is nothing to downgrade");
            return;
        }
        HttpExchange x = ctx.flow().redeem(client, a.param("code").get(), a.redirectUri(), Pkce.random(32));
        if (Codes.released(x)) {
            throw fail("a code issued without code_challenge redeemed with an arbitrary code_verifier (" + x.summary()
                    + ", an access token): expected invalid_grant (RFC 9700 §2.1.1, §4.8.2: PKCE downgrade)");
        }
        ctx.pass("a code issued without code_challenge was not redeemable with a code_verifier (" + Codes.outcome(x) + ")");
    }
}
