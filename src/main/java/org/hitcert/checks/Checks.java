package org.hitcert.checks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.hitcert.support.HttpExchange;

/** Small helpers shared by checks: failing with observed-versus-expected, reading JSON members. */
public final class Checks {

    private Checks() {
    }

    /**
     * The client browser flows use: the candidate file's {@code public} client, else its {@code confidential} one;
     * INCONCLUSIVE when it has neither.
     */
    public static org.hitcert.model.Candidate.ClientSpec browserClient(org.hitcert.support.Target target) {
        return target.client("public").or(() -> target.client("confidential")).orElseThrow(() -> new Inconclusive(
                "the candidate file registers no public or confidential client for browser flows"));
    }

    /** The candidate file's test user of {@code role}; INCONCLUSIVE when it names none. */
    public static org.hitcert.model.Candidate.UserSpec user(org.hitcert.support.Target target, String role) {
        return target.user(role).orElseThrow(() -> new Inconclusive("the candidate file names no '" + role + "' test user"));
    }

    public static CheckFailure fail(String reason) {
        return new CheckFailure(reason);
    }

    public static void require(boolean condition, String reasonIfNot) {
        if (!condition) {
            throw new CheckFailure(reasonIfNot);
        }
    }

    /** The JSON body of {@code x}; FAIL when it is not JSON. */
    public static JsonNode json(HttpExchange x, String what) {
        return x.json().orElseThrow(() -> new CheckFailure(what + " is not a JSON document (" + x.summary()
                + ", Content-Type " + x.header("Content-Type").orElse("absent") + ")"));
    }

    public static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    public static boolean arrayContains(JsonNode node, String field, String value) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            return false;
        }
        for (JsonNode e : v) {
            if (value.equals(e.asText())) {
                return true;
            }
        }
        return false;
    }
}
