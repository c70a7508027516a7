package org.hitcert.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A request and the response the candidate gave to it. Header names are matched case-insensitively. */
public record HttpExchange(HttpRequestSpec request, int status, Map<String, List<String>> headers, String body,
                           boolean truncated, Duration elapsed) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst();
    }

    public List<String> headerValues(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).toList();
    }

    /** The body as JSON, or empty when it is not a JSON document. */
    public Optional<JsonNode> json() {
        try {
            JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
            return Optional.ofNullable(node);
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** A short description for reasons: {@code 401 from GET https://...}. */
    public String summary() {
        return status + " from " + request.method() + " " + request.uri();
    }
}
