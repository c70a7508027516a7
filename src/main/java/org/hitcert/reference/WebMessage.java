package org.hitcert.reference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web_message response mode (draft-meyerzuselha-oauth-web-message-response-mode; RFC 9700 §4.17): instead of a
 * redirect, the authorization response is a page whose script posts the response parameters to the window that opened
 * the authorization popup (or to the parent of an iframe), with targetOrigin the origin of the verified redirect URI,
 * so that only the client's own page can receive it (RFC 9700 §4.17.2: never "*").
 */
final class WebMessage {

    static final String MODE = "web_message";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebMessage() {
    }

    /** The origin ({@code scheme://host[:port]}) of a redirect URI, which the message targets. */
    static String origin(String redirectUri) {
        URI u = URI.create(redirectUri);
        return u.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + u.getHost().toLowerCase(java.util.Locale.ROOT)
                + (u.getPort() == -1 ? "" : ":" + u.getPort());
    }

    /**
     * Answers with the response page; {@code anyOrigin} (flaw web-message-any-origin) posts with targetOrigin "*".
     * The script is allowed by its hash alone (CSP), and may be framed only by the client's origin (iframe mode).
     */
    static void respond(HttpExchange ex, String redirectUri, Map<String, String> params, boolean anyOrigin) throws IOException {
        String origin = origin(redirectUri);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "authorization_response");
        Map<String, String> response = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (v != null) {
                response.put(k, v);
            }
        });
        message.put("response", response);
        String script = "(function () {\n"
                + "  var target = window.opener || (window.parent !== window ? window.parent : null);\n"
                + "  if (target) {\n"
                + "    target.postMessage(" + scriptJson(message) + ", " + scriptJson(anyOrigin ? "*" : origin) + ");\n"
                + "  }\n"
                + "  window.close();\n"
                + "})();";
        String page = Pages.page("hitcert reference: returning to the application",
                "<p>Returning to the application.</p>\n<script>" + script + "</script>");
        var h = ex.getResponseHeaders();
        h.set("Content-Security-Policy", "default-src 'none'; script-src '" + sha256(script) + "'; frame-ancestors " + origin);
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
        h.set("Pragma", "no-cache");
        h.set("X-Content-Type-Options", "nosniff");
        Http.send(ex, 200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    /** JSON that is safe inside a script element: no {@code <}, {@code >}, {@code &} or line separators left raw. */
    static String scriptJson(Object value) throws IOException {
        return JSON.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    private static String sha256(String script) {
        try {
            return "sha256-" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
