package org.hitcert.checks.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.HttpExchange;

/**
 * DESIGN rule 8, issue 17 §2: a refusal at the token endpoint shows the cause under test only beside its twin, the same
 * request with a fresh, valid value where the refused one differs, which succeeded in the same run. A replayed code
 * "refused with 400" proves nothing when a fresh code sent with the same parameters is refused too (a missing
 * parameter, the client's own authentication, a throttle). The checks send the refused variants and the twin; this
 * class compares them, puts the comparison in the evidence, and answers INCONCLUSIVE when the twin did not succeed.
 * A variant that was not refused is the caller's FAIL, decided before the comparison.
 */
public final class TwinRequest {

    private TwinRequest() {
    }

    /** One token endpoint answer as the comparison shows it: status, whether tokens came, error, description. */
    public record Answer(int status, boolean tokenIssued, Optional<String> error, Optional<String> description) {

        public static Answer of(HttpExchange x) {
            Optional<JsonNode> body = x.json().filter(JsonNode::isObject);
            boolean issued = x.status() / 100 == 2 && body.map(j -> j.hasNonNull("access_token")).orElse(false);
            return new Answer(x.status(), issued, body.map(j -> j.get("error")).filter(JsonNode::isTextual).map(JsonNode::asText),
                    body.map(j -> j.get("error_description")).filter(JsonNode::isTextual).map(JsonNode::asText)
                            .map(TwinRequest::quotable));
        }

        /** {@code 200 with an access token}, {@code 400 invalid_grant ("code already used")}. Never a token value. */
        public String describe() {
            if (tokenIssued) {
                return status + " with an access token";
            }
            return status + error.map(e -> " " + e).orElse(" (no error member)") + description.map(d -> " (\"" + d + "\")").orElse("");
        }
    }

    /**
     * The reason line of refusals proven by their twin; throws {@link Inconclusive} when the twin got no token, as the
     * refusals may then have another cause. {@code refused} maps each variant (what differs) to its answer, none of
     * which released a token (the caller failed those).
     */
    public static String decide(String twin, Answer twinAnswer, Map<String, Answer> refused) {
        List<String> variants = new ArrayList<>();
        refused.forEach((what, a) -> {
            if (a.tokenIssued()) {
                throw new IllegalArgumentException(what + " released a token: the caller fails that before comparing");
            }
            variants.add(what + " → " + a.describe());
        });
        if (!twinAnswer.tokenIssued()) {
            throw new Inconclusive("the twin request (" + twin + ") was refused too (" + twinAnswer.describe() + "), so the "
                    + "refusal of " + String.join("; ", variants) + " may have another cause than the one under test");
        }
        return String.join("; ", variants) + "; its twin (" + twin + ") → " + twinAnswer.describe();
    }

    /** {@link #decide} over the recorded exchanges, with the comparison added to the check's evidence. */
    public static String prove(CheckContext ctx, String twin, HttpExchange twinExchange, Map<String, HttpExchange> refused) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        refused.forEach((what, x) -> answers.put(what, Answer.of(x)));
        Answer twinAnswer = Answer.of(twinExchange);
        StringBuilder text = new StringBuilder();
        answers.forEach((what, a) -> text.append("refused: ").append(what).append(" → ").append(a.describe()).append('\n'));
        text.append("twin: ").append(twin).append(" → ").append(twinAnswer.describe());
        ctx.note("twin request", text.toString());
        return decide(twin, twinAnswer, answers);
    }

    /** An error_description as a reason may quote it: one line, at most 120 characters, long token-like runs elided. */
    static String quotable(String description) {
        String s = description.replaceAll("[\\r\\n\\t]+", " ").replaceAll("[A-Za-z0-9_\\-.~+/=]{24,}", "…").trim();
        return s.length() > 120 ? s.substring(0, 119) + "…" : s;
    }
}
