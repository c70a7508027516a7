package org.hitcert.checks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.hitcert.support.HttpExchange;

/** Small helpers shared by checks: failing with observed-versus-expected, reading JSON members. */
public final class Checks {

    private Checks() {
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
