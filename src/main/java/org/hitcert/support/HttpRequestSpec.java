package org.hitcert.support;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One HTTP request a check sends, as plain data. Bodies are sent exactly as given (no charset appended,
 * no re-encoding), so checks can send duplicated or malformed parameters on purpose.
 */
public record HttpRequestSpec(String method, URI uri, Map<String, String> headers, String body) {

    public HttpRequestSpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static HttpRequestSpec get(URI uri) {
        return new HttpRequestSpec("GET", uri, Map.of(), null);
    }

    /** A POST of {@code application/x-www-form-urlencoded} parameters, given as name, value, name, value... */
    public static HttpRequestSpec postForm(URI uri, String... nameValues) {
        return new HttpRequestSpec("POST", uri, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                formEncode(nameValues));
    }

    public HttpRequestSpec withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpRequestSpec(method, uri, h, body);
    }

    public static String formEncode(String... nameValues) {
        if (nameValues.length % 2 != 0) {
            throw new IllegalArgumentException("form parameters come in name/value pairs");
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            if (nameValues[i + 1] != null) {
                parts.add(enc(nameValues[i]) + "=" + enc(nameValues[i + 1]));
            }
        }
        return String.join("&", parts);
    }

    /** A URI with these query parameters appended (name, value pairs; null values are left out). */
    public static URI withQuery(URI base, String... nameValues) {
        return withRawQuery(base, formEncode(nameValues));
    }

    /** A URI with an already form-encoded query (a request body moved into the URL) appended. */
    public static URI withRawQuery(URI base, String encodedQuery) {
        String sep = base.getRawQuery() == null ? "?" : "&";
        return URI.create(base + (encodedQuery.isEmpty() ? "" : sep + encodedQuery));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static Map<String, String> parseQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        return java.util.Arrays.stream(rawQuery.split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> dec(p[0]), p -> p.length > 1 ? dec(p[1]) : "", (a, b) -> a, LinkedHashMap::new));
    }

    private static String dec(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
