package org.hitcert.checks.clientauth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.hitcert.support.HttpExchange;

/**
 * How a token endpoint answered, decided on the security outcome first (was an access token released?) and the
 * protocol detail second (the RFC 6749 §5.2 error code). Never holds a token value.
 */
public record TokenAnswer(int status, boolean tokenIssued, Optional<String> error, boolean json) {

    public static TokenAnswer of(HttpExchange x) {
        Optional<JsonNode> body = x.json();
        boolean issued = x.status() >= 200 && x.status() < 300
                && body.map(j -> j.hasNonNull("access_token")).orElse(false);
        Optional<String> error = body.map(j -> j.get("error")).filter(JsonNode::isTextual).map(JsonNode::asText);
        return new TokenAnswer(x.status(), issued, error, body.isPresent());
    }

    /** A refusal with the code RFC 6749 §5.2 / SMART name for a failed client authentication. */
    public boolean invalidClient() {
        return !tokenIssued && error.filter("invalid_client"::equals).isPresent();
    }

    /** Short, secret-free: {@code 200 with an access token}, {@code 401 invalid_client}, {@code 500 (no JSON error)}. */
    public String describe() {
        if (tokenIssued) {
            return status + " with an access token";
        }
        return status + " " + error.orElse(json ? "(no error member)" : "(no JSON error)");
    }
}
