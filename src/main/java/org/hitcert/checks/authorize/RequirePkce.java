package org.hitcert.checks.authorize;

import static org.hitcert.checks.Checks.fail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
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
        Authorization auth = ctx.flow().authorize(client, Clients.defaultUser(ctx.target()), withoutPkce);
        if (!auth.redirected()) {
            ctx.pass("the request without code_challenge was stopped at " + auth.landedAt() + " with no redirect"
                    + auth.loginProblem().map(p -> " (the login page was not offered)").orElse(""));
            return;
        }
        if (auth.param("error").isPresent()) {
            String error = auth.param("error").get();
            ctx.pass("refused with error=" + error + (error.equals("invalid_request") ? ""
                    : " (RFC 7636 §4.4.1 names invalid_request; the refusal itself is what matters here)"));
            return;
        }
        String code = auth.param("code").orElseThrow(() -> fail(
                "the redirect after a request without code_challenge carried neither an error nor a code"));
        HttpExchange token = ctx.flow().redeem(client, code, auth.redirectUri(), null);
        if (token.status() == 200 && token.json().map(j -> j.hasNonNull("access_token")).orElse(false)) {
            throw fail("a request without code_challenge got a code, and the code redeemed without any code_verifier for an "
                    + "access token: PKCE is optional here (SMART App Launch requires it; RFC 9700 §2.1.1)");
        }
        ctx.pass("a code was issued without code_challenge but could not be redeemed without a verifier (" + token.summary()
                + "); issuing it at all is still discouraged (RFC 7636 §4.4.1)");
    }
}
