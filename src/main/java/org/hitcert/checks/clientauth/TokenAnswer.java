package org.hitcert.checks.clientauth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.hitcert.support.HttpExchange;

/**
 * How a token endpoint answered, decided on the security outcome first (was an access token released?) and the
 * protocol detail second (the RFC 6749 §5.2 error code and description, and a Retry-After of a throttled client).
 * Never holds a token value.
 */
public record TokenAnswer(int status, boolean tokenIssued, Optional<String> error, boolean json,
                          Optional<String> errorDescription, Optional<Long> retryAfterSeconds) {

    /** An answer with no error_description and no Retry-After. */
    public TokenAnswer(int status, boolean tokenIssued, Optional<String> error, boolean json) {
        this(status, tokenIssued, error, json, Optional.empty(), Optional.empty());
    }

    /** The longest error_description quoted in a reason: a hostile server's text stays short. */
    private static final int MAX_DESCRIPTION = 160;

    public static TokenAnswer of(HttpExchange x) {
        Optional<JsonNode> body = x.json();
        boolean issued = x.status() >= 200 && x.status() < 300
                && body.map(j -> j.hasNonNull("access_token")).orElse(false);
        Optional<String> error = body.map(j -> j.get("error")).filter(JsonNode::isTextual).map(JsonNode::asText);
        Optional<String> description = body.map(j -> j.get("error_description")).filter(JsonNode::isTextual)
                .map(JsonNode::asText).map(d -> d.length() > MAX_DESCRIPTION ? d.substring(0, MAX_DESCRIPTION) + "…" : d);
        return new TokenAnswer(x.status(), issued, error, body.isPresent(), issued ? Optional.empty() : description,
                x.header("Retry-After").flatMap(TokenAnswer::seconds));
    }

    /** A Retry-After in delta-seconds (RFC 9110 §10.2.3); an HTTP-date is left out (empty). */
    static Optional<Long> seconds(String retryAfter) {
        try {
            return Optional.of(Math.max(0, Long.parseLong(retryAfter.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A refusal with the code RFC 6749 §5.2 / SMART name for a failed client authentication. */
    public boolean invalidClient() {
        return !tokenIssued && error.filter("invalid_client"::equals).isPresent();
    }

    /** A refusal that says the client is throttled: 429 or 503 (RFC 6585 §4, RFC 9110 §15.6.4), or a Retry-After. */
    public boolean throttled() {
        return !tokenIssued && (status == 429 || status == 503 || retryAfterSeconds.isPresent());
    }

    /**
     * Short, secret-free: {@code 200 with an access token}, {@code 401 invalid_client "client assertion expired"},
     * {@code 429 invalid_client (Retry-After: 60)}, {@code 500 (no JSON error)}.
     */
    public String describe() {
        if (tokenIssued) {
            return status + " with an access token";
        }
        return status + " " + error.orElse(json ? "(no error member)" : "(no JSON error)")
                + errorDescription.map(d -> " \"" + d + "\"").orElse("")
                + retryAfterSeconds.map(s -> " (Retry-After: " + s + ")").orElse("");
    }
}
