package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;

/**
 * RFC 7662 §2.2: for an inactive token the server SHOULD NOT include anything besides "active": false (it would tell a
 * caller about revoked tokens). Graded SHOULD, separately from the active:false MUST. Only answers that were
 * active:false are judged, and the reason names them; with none, INCONCLUSIVE.
 */
public final class ReportInactiveTokensBare implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.introspection.inactive-bare", "Inactive tokens introspect as active:false and nothing else",
                List.of("introspection-leaks-inactive"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        ctx.pass(decide(ReportInactiveTokens.inactiveAnswers(ctx)));
    }

    /**
     * The reason for a PASS over the introspection answers by token (null: no 200 JSON object); FAIL when an
     * active:false answer carries more, INCONCLUSIVE when no answer was active:false.
     */
    static String decide(Map<String, JsonNode> answers) {
        List<String> extra = new ArrayList<>();
        List<String> bare = new ArrayList<>();
        List<String> unjudged = new ArrayList<>();
        answers.forEach((what, r) -> {
            if (r == null || !r.has("active") || r.path("active").asBoolean(true)) {
                unjudged.add(what + " → " + (r == null ? "no 200 JSON object" : "active:" + r.path("active").asText("absent")));
                return;
            }
            List<String> members = new ArrayList<>();
            r.fieldNames().forEachRemaining(m -> {
                if (!m.equals("active")) {
                    members.add(m);
                }
            });
            if (members.isEmpty()) {
                bare.add(what);
            } else {
                extra.add(what + " → active:false plus " + members);
            }
        });
        if (!extra.isEmpty()) {
            throw fail(String.join("; ", extra) + "; expected only {\"active\": false} (RFC 7662 §2.2 SHOULD NOT)");
        }
        String notJudged = unjudged.isEmpty() ? "" : "; not judged here (not reported inactive, token.introspection.inactive "
                + "decides that): " + String.join(", ", unjudged);
        if (bare.isEmpty()) {
            throw new Inconclusive("no introspection answer was active:false, so none could show what an inactive answer "
                    + "carries" + notJudged);
        }
        return String.join(" and ", bare) + " → {\"active\": false} and nothing else" + notJudged;
    }
}
