package org.hitcert.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a verdict rests on, already redacted: an HTTP exchange, a browser step, a decoded token or a note.
 *
 * <p>Kinds and their details:
 * <ul>
 *   <li>{@code http}: request {method, url, headers, body}, response {status, headers, body, truncated},
 *       elapsedMs; or error (when no response came)</li>
 *   <li>{@code browser}: url, trail (list of URLs the browser went through), screenshot (file name), text</li>
 *   <li>{@code token}: header, claims (maps), signature (fingerprint only)</li>
 *   <li>{@code note}: text</li>
 *   <li>{@code browser-matrix}: columns (the flow's stages), rows (browser, profile, outcome, one entry per column,
 *       detail); the report shows it as the compatibility matrix</li>
 * </ul>
 */
public record Evidence(String kind, String title, Map<String, Object> details) {

    public Evidence {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static Evidence note(String title, String text) {
        return new Evidence("note", title, Map.of("text", text));
    }
}
