package org.hitcert.checks.code;

import static org.hitcert.checks.Checks.fail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.token.TwinRequest;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Pkce;

/**
 * RFC 6749 §4.1.2 and §10.5, RFC 9700 §4.2.4: a code redeems once; a second redemption is refused (MUST). That the
 * tokens of the first redemption are then revoked is a SHOULD, decided by token.code.replay-revokes.
 *
 * <p>The refusal must be for the reuse (issue 17 §2): the replay is sent as it was, and again without its
 * code_verifier (a server that forgets a code's PKCE record after the first use refuses the first for the verifier and
 * redeems the second), and a code the server never issued is sent with the same parameters. Each must be refused,
 * while their twin, the first redemption (a fresh code, the same client, redirect_uri and verifier), succeeded.
 */
public final class RedeemCodeOnce implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.code.single-use",
                "A code redeems once; a second redemption is refused",
                List.of("code-reusable", "pkce-forgotten-after-use"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Codes.browserClient(ctx);
        Authorization a = Codes.fresh(ctx, client);
        String code = a.param("code").get();
        HttpExchange first = ctx.flow().redeem(client, code, a.redirectUri(), a.pkce().verifier());
        if (!Codes.released(first)) {
            throw new Inconclusive("the first redemption of a fresh code was refused (" + TwinRequest.Answer.of(first).describe()
                    + "), so a replay cannot be told apart");
        }
        Map<String, HttpExchange> refused = new LinkedHashMap<>();
        HttpExchange replay = ctx.flow().redeem(client, code, a.redirectUri(), a.pkce().verifier());
        if (Codes.released(replay)) {
            throw fail("the same code redeemed twice: the second request got " + replay.summary() + " with an access token, "
                    + "expected invalid_grant (RFC 6749 §4.1.2: a code MUST NOT be used more than once)");
        }
        refused.put("the identical replay", replay);
        HttpExchange bare = ctx.flow().redeem(client, code, a.redirectUri(), null);
        if (Codes.released(bare)) {
            throw fail("the replayed code redeemed once its code_verifier was left out (" + bare.summary() + ", an access "
                    + "token), though the identical replay was refused (" + TwinRequest.Answer.of(replay).describe() + "): that "
                    + "refusal was for the verifier, not the reuse; expected invalid_grant (RFC 6749 §4.1.2: a code MUST NOT "
                    + "be used more than once)");
        }
        refused.put("the replay without code_verifier", bare);
        HttpExchange unknown = ctx.flow().redeem(client, Pkce.random(32), a.redirectUri(), a.pkce().verifier());
        if (Codes.released(unknown)) {
            throw fail("a code the server never issued redeemed (" + unknown.summary() + ", an access token); expected "
                    + "invalid_grant (RFC 6749 §4.1.3, §5.2)");
        }
        refused.put("a code never issued, same parameters", unknown);
        String compared = TwinRequest.prove(ctx, "the first redemption: a fresh code, same client, redirect_uri and "
                + "code_verifier", first, refused);
        ctx.pass("the replayed code was refused with and without its verifier: " + compared + "; whether the tokens of the "
                + "first redemption were revoked is token.code.replay-revokes");
    }
}
