package org.hitcert.checks.authorize;

import static org.hitcert.checks.Checks.fail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.CodeFlow.Refusal;
import org.hitcert.support.HttpExchange;

/**
 * SMART App Launch and RFC 9700 §2.1.1 make PKCE mandatory: an authorization request without
 * code_challenge must be refused (RFC 7636 §4.4.1: invalid_request), or at the very least yield a code
 * that can never be redeemed. Decided on the security outcome: is a token obtainable without a verifier?
 */
public final class RequirePkce implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("authorize.pkce.required",
                "An authorization request without code_challenge never leads to a token",
                List.of("pkce-optional"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Clients.browserClient(ctx.target());
        Map<String, String> withoutPkce = new HashMap<>();
        withoutPkce.put("code_challenge", null);
        withoutPkce.put("code_challenge_method", null);
        Refusal refusal = ctx.flow().refusalOf(client, Clients.defaultUser(ctx.target()), withoutPkce, "no code_challenge");
        if (refusal.inconclusive()) {
            throw new Inconclusive(refusal.reason());
        }
        if (refusal.refused()) {
            ctx.pass("refused: " + refusal.reason() + refusal.error().filter(e -> !e.equals("invalid_request"))
                    .map(e -> " (RFC 7636 §4.4.1 names invalid_request; the refusal itself is what matters here)").orElse(""));
            return;
        }
        Authorization auth = refusal.authorization();
        String code = auth.param("code").orElseThrow(() -> fail(
                "a request without code_challenge was answered with an access token in the redirect, no code"));
        HttpExchange token = ctx.flow().redeem(client, code, auth.redirectUri(), null);
        if (token.status() == 200 && token.json().map(j -> j.hasNonNull("access_token")).orElse(false)) {
            throw fail("a request without code_challenge got a code, and the code redeemed without any code_verifier for an "
                    + "access token: PKCE is optional here (SMART App Launch requires it; RFC 9700 §2.1.1)");
        }
        ctx.pass("a code was issued without code_challenge but could not be redeemed without a verifier (" + token.summary()
                + "); issuing it at all is still discouraged (RFC 7636 §4.4.1)");
    }
}
