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

    /**
     * A short description for reasons: {@code 401 from GET https://...}, and for an error answer what the server said
     * of it (RFC 6749 §5.2, RFC 6750 §3): {@code 400 from POST https://.../token: invalid_grant ("Offline tokens not
     * allowed")}, so that a reason quotes the cause, not only the status.
     */
    public String summary() {
        return status + " from " + request.method() + " " + request.uri() + oauthError().map(e -> ": " + e).orElse("");
    }

    /**
     * The {@code error} and {@code error_description} of an error answer, from its JSON body or else its
     * {@code WWW-Authenticate} challenge: {@code invalid_grant ("Offline tokens not allowed")}; empty for a success or
     * an answer that names no error.
     */
    public Optional<String> oauthError() {
        if (status < 400) {
            return Optional.empty();
        }
        Optional<JsonNode> body = json().filter(j -> j.path("error").isTextual());
        String error;
        String description;
        if (body.isPresent()) {
            error = body.get().get("error").asText();
            description = body.get().path("error_description").isTextual() ? body.get().get("error_description").asText() : null;
        } else {
            String challenge = header("WWW-Authenticate").orElse("");
            java.util.regex.Matcher e = java.util.regex.Pattern.compile("error=\"([^\"]*)\"").matcher(challenge);
            if (!e.find()) {
                return Optional.empty();
            }
            error = e.group(1);
            java.util.regex.Matcher d = java.util.regex.Pattern.compile("error_description=\"([^\"]*)\"").matcher(challenge);
            description = d.find() ? d.group(1) : null;
        }
        return Optional.of(clip(error, 60) + (description == null || description.isBlank() ? ""
                : " (\"" + clip(description, 200) + "\")"));
    }

    /** {@code text} on one line, at most {@code max} characters. */
    private static String clip(String text, int max) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max) + "…";
    }
}
