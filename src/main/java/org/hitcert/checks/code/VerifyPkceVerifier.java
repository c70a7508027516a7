package org.hitcert.checks.code;

import static org.hitcert.checks.Checks.fail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.token.TwinRequest;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Pkce;

/**
 * RFC 7636 §4.1 and §4.6, RFC 9700 §2.1.1: a code issued for an S256 challenge redeems only with the matching
 * verifier, and a verifier is 43 to 128 unreserved characters. Each case uses its own fresh code and changes only the
 * verifier: a wrong one, none; and one of 42 characters, one of 129 and one with characters outside the unreserved
 * set, each sent against a challenge computed from that same verifier, so that only its format can refuse it.
 * Expected: invalid_grant (or invalid_request for a malformed one); never a token. The twin, a fresh code redeemed
 * with its own well-formed verifier, must succeed.
 */
public final class VerifyPkceVerifier implements Check {

    /** A case: the verifier sent, and whether the authorization request's challenge was computed from it. */
    record Case(String verifier, boolean challengeFromIt) {
    }

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.pkce.verifier-checked",
                "Wrong, missing or malformed code verifiers never redeem a code",
                List.of("pkce-verifier-unchecked", "pkce-verifier-malformed-accepted"), List.of(), true).sharesLogin();
    }

    /** The cases, by what they send; the malformed ones carry a challenge computed from themselves. */
    static Map<String, Case> cases() {
        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("a wrong verifier", new Case(Pkce.random(32), false));
        cases.put("no verifier", new Case(null, false));
        cases.put("a 42-character verifier (challenge computed from it)", new Case(Pkce.random(32).substring(0, 42), true));
        cases.put("a 129-character verifier (challenge computed from it)", new Case((Pkce.random(96) + Pkce.random(8))
                .substring(0, 129), true));
        cases.put("a verifier with characters outside the unreserved set (challenge computed from it)",
                new Case(Pkce.random(30) + "+/=!", true));
        return cases;
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Codes.browserClient(ctx);
        Map<String, HttpExchange> refused = new LinkedHashMap<>();
        for (Map.Entry<String, Case> c : cases().entrySet()) {
            Case k = c.getValue();
            Authorization a = k.challengeFromIt() ? Codes.fresh(ctx, client, Map.of("code_challenge", Pkce.s256(k.verifier()),
                    "code_challenge_method", "S256")) : Codes.fresh(ctx, client);
            HttpExchange x = ctx.flow().redeem(client, a.param("code").get(), a.redirectUri(), k.verifier());
            if (Codes.released(x)) {
                throw fail("a code issued for an S256 code_challenge redeemed with " + c.getKey() + " (" + x.summary()
                        + ", an access token): expected invalid_grant" + (k.challengeFromIt() ? " or invalid_request (RFC 7636 "
                        + "§4.1: a code_verifier is 43-128 characters of [A-Z a-z 0-9 - . _ ~])" : " (RFC 7636 §4.6)"));
            }
            refused.put(c.getKey(), x);
        }
        Authorization t = Codes.fresh(ctx, client);
        HttpExchange twin = ctx.flow().redeem(client, t.param("code").get(), t.redirectUri(), t.pkce().verifier());
        ctx.pass("no token was released: " + TwinRequest.prove(ctx, "a fresh code with its own 43-character verifier", twin,
                refused));
    }
}
