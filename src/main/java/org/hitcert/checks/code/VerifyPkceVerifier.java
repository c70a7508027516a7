package org.hitcert.checks.code;

import static org.hitcert.checks.Checks.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Pkce;

/**
 * RFC 7636 §4.1 and §4.6, RFC 9700 §2.1.1: a code issued for an S256 challenge redeems only with the matching
 * verifier. Each case uses its own fresh code and changes only the verifier: a wrong one, none, one of 42 and one
 * of 129 characters, one with characters outside the unreserved set. Expected: invalid_grant (or invalid_request
 * for a malformed one); never a token.
 */
public final class VerifyPkceVerifier implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.pkce.verifier-checked",
                "Wrong, missing or malformed code verifiers never redeem a code",
                List.of("pkce-verifier-unchecked"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Codes.browserClient(ctx);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("a wrong verifier", Pkce.random(32));
        cases.put("no verifier", null);
        cases.put("a 42-character verifier", "a".repeat(42));
        cases.put("a 129-character verifier", "a".repeat(129));
        cases.put("a verifier with illegal characters", "a".repeat(40) + "+/= ");
        List<String> seen = new ArrayList<>();
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Authorization a = Codes.fresh(ctx, client);
            HttpExchange x = ctx.flow().redeem(client, a.param("code").get(), a.redirectUri(), c.getValue());
            if (Codes.released(x)) {
                throw fail("a code issued for an S256 code_challenge redeemed with " + c.getKey() + " (" + x.summary()
                        + ", an access token): expected invalid_grant (RFC 7636 §4.6)");
            }
            seen.add(c.getKey() + " → " + Codes.outcome(x));
        }
        ctx.pass("no token was released: " + String.join("; ", seen));
    }
}
