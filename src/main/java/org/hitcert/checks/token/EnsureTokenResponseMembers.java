package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;

/**
 * RFC 6749 §5.1 and §3.3, SMART App Launch: a token response states token_type (Bearer, or DPoP when bound) and the
 * granted scope (SMART makes scope required), and carries patient when launch/patient was granted. Inspected: the run's
 * shared user token response and a backend token response.
 */
public final class EnsureTokenResponseMembers implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.response.members", "Token responses state token_type, scope and the granted context",
                List.of("token-response-no-scope", "patient-context-missing"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        List<String> problems = new ArrayList<>();
        inspect("user token response", ctx.sharedTokens(), problems);
        try {
            inspect("backend token response", new TokenCalls(ctx).backendTokens(), problems);
        } catch (org.hitcert.checks.Inconclusive | org.hitcert.checks.NotApplicable e) {
            ctx.note("backend", "no backend token response inspected: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw fail(String.join("; ", problems) + " (RFC 6749 §5.1, §3.3; SMART App Launch)");
        }
        ctx.pass("token_type and scope present" + (ctx.sharedTokens().hasNonNull("patient") ? ", patient with launch/patient" : ""));
    }

    static void inspect(String what, JsonNode t, List<String> problems) {
        String type = t.path("token_type").asText("");
        if (!type.equalsIgnoreCase("bearer") && !type.equalsIgnoreCase("dpop")) {
            problems.add(what + ": token_type is " + (type.isEmpty() ? "absent" : "'" + type + "'") + ", expected Bearer or DPoP");
        }
        if (!t.hasNonNull("scope") || t.get("scope").asText().isBlank()) {
            problems.add(what + ": no scope member");
        } else if (Arrays.asList(t.get("scope").asText().split(" +")).contains("launch/patient") && !t.hasNonNull("patient")) {
            problems.add(what + ": launch/patient granted but no patient member");
        }
    }
}
