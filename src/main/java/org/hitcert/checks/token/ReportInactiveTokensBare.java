package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;

/**
 * RFC 7662 §2.2: for an inactive token the server SHOULD NOT include anything besides "active": false (it would tell a
 * caller about revoked tokens). Graded SHOULD, separately from the active:false MUST.
 */
public final class ReportInactiveTokensBare implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.introspection.inactive-bare", "Inactive tokens introspect as active:false and nothing else",
                List.of("introspection-leaks-inactive"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        Map<String, JsonNode> answers = ReportInactiveTokens.inactiveAnswers(ctx);
        List<String> extra = new ArrayList<>();
        answers.forEach((what, r) -> {
            if (r == null || r.path("active").asBoolean(true)) {
                ctx.note(what, "not reported inactive (token.introspection.inactive decides that), so not judged here");
                return;
            }
            List<String> members = new ArrayList<>();
            r.fieldNames().forEachRemaining(m -> {
                if (!m.equals("active")) {
                    members.add(m);
                }
            });
            if (!members.isEmpty()) {
                extra.add(what + " → active:false plus " + members);
            }
        });
        if (!extra.isEmpty()) {
            throw fail(String.join("; ", extra) + "; expected only {\"active\": false} (RFC 7662 §2.2 SHOULD NOT)");
        }
        ctx.pass("revoked and made-up tokens → {\"active\": false} and nothing else");
    }
}
