package org.hitcert.reference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small helpers over {@link HttpExchange}: bounded body reading, form parsing, typed responses. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_BODY = 64 * 1024;

    private Http() {
    }

    /** Thrown to end a request with a plain status (e.g. 405, 413); caught by the dispatcher. */
    static final class Status extends RuntimeException {
        final int code;

        Status(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    static String body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (out.size() > MAX_BODY) {
                    throw new Status(413, "request body too large");
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    static boolean isForm(HttpExchange ex) {
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        return ct != null && ct.toLowerCase().startsWith("application/x-www-form-urlencoded");
    }

    /** Query parameters, or for POST the form body (which must be application/x-www-form-urlencoded). */
    static Map<String, List<String>> params(HttpExchange ex, String body) {
        if ("POST".equals(ex.getRequestMethod())) {
            return isForm(ex) ? URLUtils.parseParameters(body) : Map.of();
        }
        return URLUtils.parseParameters(ex.getRequestURI().getRawQuery());
    }

    static Map<String, List<String>> query(HttpExchange ex) {
        return URLUtils.parseParameters(ex.getRequestURI().getRawQuery());
    }

    /** The single value of a parameter; empty when absent, empty, or repeated. */
    static Optional<String> single(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.size() != 1 || v.get(0).isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    static boolean repeated(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v != null && v.size() > 1;
    }

    static void requireMethod(HttpExchange ex, String... allowed) {
        for (String m : allowed) {
            if (m.equals(ex.getRequestMethod())) {
                return;
            }
        }
        ex.getResponseHeaders().set("Allow", String.join(", ", allowed));
        throw new Status(405, "method not allowed");
    }

    /** Set on an exchange whose answer is gzipped when the client accepts it (the fhir-gzip interop switch). */
    static final String GZIP_ATTRIBUTE = "hitcert.gzip";

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        CrossSite.cookies(ex);
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        if (ex.getAttribute(GZIP_ATTRIBUTE) != null && body.length > 0) {
            ex.getResponseHeaders().add("Vary", "Accept-Encoding");
            if (acceptsGzip(ex)) {
                ByteArrayOutputStream zipped = new ByteArrayOutputStream();
                try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(zipped)) {
                    z.write(body);
                }
                body = zipped.toByteArray();
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
            }
        }
        boolean head = "HEAD".equals(ex.getRequestMethod());
        if (body.length == 0 || head) {
            ex.sendResponseHeaders(status, -1);
        } else {
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    /** RFC 9110 §12.5.3: gzip (or x-gzip, or *) listed in Accept-Encoding without q=0. */
    private static boolean acceptsGzip(HttpExchange ex) {
        for (String header : ex.getRequestHeaders().getOrDefault("Accept-Encoding", List.of())) {
            for (String part : header.split(",")) {
                String[] p = part.trim().split(";");
                String coding = p[0].trim().toLowerCase(java.util.Locale.ROOT);
                boolean zero = p.length > 1 && p[1].trim().replace(" ", "").matches("q=0(\\.0*)?");
                if ((coding.equals("gzip") || coding.equals("x-gzip") || coding.equals("*")) && !zero) {
                    return true;
                }
            }
        }
        return false;
    }

    static void json(HttpExchange ex, int status, Object value) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsBytes(value));
    }

    static void html(HttpExchange ex, int status, String page) throws IOException {
        var h = ex.getResponseHeaders();
        if (CrossSite.frameable(ex, status)) {
            h.set("Content-Security-Policy", "default-src 'self'");
        } else {
            h.set("X-Frame-Options", "DENY");
            h.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        }
        page = CrossSite.errorPage(ex, status, page);
        page = CrossSite.consentForm(ex, page);
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
        h.set("Pragma", "no-cache");
        h.set("X-Content-Type-Options", "nosniff");
        page = CrossSite.thirdPartyResource(ex, status, page);
        send(ex, status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    static void redirect(HttpExchange ex, int status, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        send(ex, status, null, new byte[0]);
    }

    static Optional<String> cookie(HttpExchange ex, String name) {
        List<String> headers = ex.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return Optional.empty();
        }
        for (String header : headers) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                    return Optional.of(part.substring(eq + 1).trim());
                }
            }
        }
        return Optional.empty();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Appends parameters to a URI that may already carry a query (RFC 6749 §3.1.2: keep it). */
    static String appendQuery(String base, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(base);
        char sep = URI.create(base).getRawQuery() == null ? '?' : '&';
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getValue() != null) {
                sb.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
                sep = '&';
            }
        }
        return sb.toString();
    }

    static Map<String, String> ordered() {
        return new LinkedHashMap<>();
    }

    /** HTML-escapes text for element content and double-quoted attribute values. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
