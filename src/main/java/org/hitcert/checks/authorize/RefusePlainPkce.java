package org.hitcert.checks.authorize;

import static org.hitcert.checks.Checks.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.CodeFlow.Refusal;
import org.hitcert.support.Pkce;

/**
 * SMART App Launch (plain must not be supported), RFC 7636 §4.3 and §4.4.1: code_challenge_method=plain, and a
 * code_challenge without a method (which means plain), are refused; no code is issued.
 */
public final class RefusePlainPkce implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("authorize.pkce.no-plain",
                "The plain PKCE method, explicit or by default, is refused",
                List.of("pkce-plain-accepted", "pkce-plain-advertised"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Clients.browserClient(ctx.target());
        String verifier = Pkce.random(32);
        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        Map<String, String> plain = new HashMap<>();
        plain.put("code_challenge", verifier);
        plain.put("code_challenge_method", "plain");
        cases.put("code_challenge_method=plain", plain);
        Map<String, String> noMethod = new HashMap<>();
        noMethod.put("code_challenge", verifier);
        noMethod.put("code_challenge_method", null);
        cases.put("code_challenge without code_challenge_method", noMethod);
        List<String> outcomes = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> c : cases.entrySet()) {
            Refusal r = ctx.flow().refusalOf(client, Clients.defaultUser(ctx.target()), c.getValue(), c.getKey());
            if (r.granted()) {
                throw fail(c.getKey() + " was answered with a code, expected error=invalid_request (SMART App Launch: plain "
                        + "must not be supported; RFC 7636 §4.4.1)");
            }
            (r.refused() ? outcomes : undecided).add(r.reason());
        }
        if (!undecided.isEmpty()) {
            throw new Inconclusive(String.join("; ", undecided));
        }
        ctx.pass("refused: " + String.join("; ", outcomes));
    }
}
