package org.hitcert.reference;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference's defences against cross-site attacks and hostile clients that sit around the endpoints rather
 * than in them: throttling of failed client authentication (RFC 6749 §2.3.1, RFC 6819 §4.3.5), and the hooks
 * by which the flaws of the "cross-site attacks, hostile input, threat monitoring" section change pages,
 * cookies and CORS. Runs before every request ({@link #before}) and after it ({@link #after}).
 */
final class CrossSite {

    static final String FLAWS_ATTRIBUTE = "hitcert.reference.flaws";
    /** Failed client authentications within {@link #WINDOW_SECONDS} that lock the client for {@link #LOCK_SECONDS}. */
    static final int MAX_FAILURES = 10;
    static final long WINDOW_SECONDS = 30;
    static final long LOCK_SECONDS = 2;
    private static final Set<String> THROTTLED = Set.of("/token", "/introspect", "/revoke");
    private static final Set<String> INTERACTIVE = Set.of("/authorize", "/login", "/consent");
    /** What {@code suite-rate-limited} answers 429 (besides the FHIR API). */
    private static final Set<String> RATE_LIMITED = Set.of("/authorize", "/login", "/consent", "/token", "/introspect",
            "/revoke", "/userinfo");

    private final Set<Flaw> flaws;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private static final class Failures {
        final Deque<Instant> times = new ArrayDeque<>();
        Instant lockedUntil = Instant.MIN;
    }

    CrossSite(Set<Flaw> flaws, Clock clock) {
        this.flaws = Set.copyOf(flaws);
        this.clock = clock;
    }

    /** Handles the request itself when a defence (or a flaw) answers it; true if it did. */
    boolean before(HttpExchange ex) throws IOException {
        ex.setAttribute(FLAWS_ATTRIBUTE, flaws);
        if (!flaws.contains(Flaw.NO_HSTS)) {
            ex.getResponseHeaders().set("Strict-Transport-Security", "max-age=31536000");
        }
        String path = ex.getRequestURI().getRawPath();
        if (flaws.contains(Flaw.SUITE_RATE_LIMITED) && (RATE_LIMITED.contains(path) || ResourceEndpoints.isFhirPath(path))) {
            ex.getResponseHeaders().set("Retry-After", "60");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            Http.send(ex, 429, "text/plain; charset=utf-8", "Too Many Requests".getBytes(StandardCharsets.UTF_8));
            return true;
        }
        if (flaws.contains(Flaw.CORS_REFLECTS_ORIGIN)) {
            String origin = ex.getRequestHeaders().getFirst("Origin");
            if (origin != null) {
                var h = ex.getResponseHeaders();
                h.set("Access-Control-Allow-Origin", origin);
                h.set("Access-Control-Allow-Credentials", "true");
                h.set("Vary", "Origin");
                String method = ex.getRequestHeaders().getFirst("Access-Control-Request-Method");
                if ("OPTIONS".equals(ex.getRequestMethod()) && method != null) {
                    h.set("Access-Control-Allow-Methods", method);
                    String headers = ex.getRequestHeaders().getFirst("Access-Control-Request-Headers");
                    if (headers != null) {
                        h.set("Access-Control-Allow-Headers", headers);
                    }
                    Http.send(ex, 204, null, new byte[0]);
                    return true;
                }
            }
        }
        if (flaws.contains(Flaw.OPEN_REDIRECT_LOGOUT) && path.equals("/logout")) {
            Map<String, List<String>> q = Http.query(ex);
            for (String name : List.of("post_logout_redirect_uri", "next", "return_to")) {
                if (Http.single(q, name).isPresent()) {
                    Http.redirect(ex, 302, Http.single(q, name).get());
                    return true;
                }
            }
        }
        if (flaws.contains(Flaw.STACK_TRACE_ON_MALFORMED_INPUT) && path.equals("/token")
                && "POST".equals(ex.getRequestMethod()) && !Http.isForm(ex)) {
            StringWriter trace = new StringWriter();
            new IllegalStateException("Expected form body but got " + ex.getRequestHeaders().getFirst("Content-Type"))
                    .printStackTrace(new PrintWriter(trace));
            Http.send(ex, 500, "text/plain; charset=utf-8", trace.toString().getBytes(StandardCharsets.UTF_8));
            return true;
        }
        if (!flaws.contains(Flaw.NO_THROTTLING) && THROTTLED.contains(path)) {
            String client = basicClientId(ex);
            Failures f = client == null ? null : failures.get(client);
            if (f != null) {
                synchronized (f) {
                    Instant now = clock.instant();
                    if (now.isBefore(f.lockedUntil)) {
                        long retry = Math.max(1, (java.time.Duration.between(now, f.lockedUntil).toMillis() + 999) / 1000);
                        ex.getResponseHeaders().set("Retry-After", Long.toString(retry));
                        ex.getResponseHeaders().set("Cache-Control", "no-store");
                        Http.json(ex, 429, Map.of("error", "invalid_client",
                                "error_description", "too many failed client authentications; retry later"));
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Counts a failed client authentication (401) towards the client's lock. */
    void after(HttpExchange ex) {
        String path = ex.getRequestURI().getRawPath();
        if (flaws.contains(Flaw.NO_THROTTLING) || !THROTTLED.contains(path) || ex.getResponseCode() != 401) {
            return;
        }
        String client = basicClientId(ex);
        if (client == null || failures.size() > 10_000) {
            return;
        }
        Failures f = failures.computeIfAbsent(client, k -> new Failures());
        synchronized (f) {
            Instant now = clock.instant();
            while (!f.times.isEmpty() && f.times.peekFirst().isBefore(now.minusSeconds(WINDOW_SECONDS))) {
                f.times.removeFirst();
            }
            f.times.addLast(now);
            if (f.times.size() >= MAX_FAILURES) {
                f.lockedUntil = now.plusSeconds(LOCK_SECONDS);
                f.times.clear();
            }
        }
    }

    private static String basicClientId(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon > 0 ? decoded.substring(0, colon) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    static Set<Flaw> flaws(HttpExchange ex) {
        Object f = ex.getAttribute(FLAWS_ATTRIBUTE);
        return f instanceof Set<?> s ? (Set<Flaw>) s : Set.of();
    }

    /** Whether this page may omit its anti-framing headers (flaw frameable-login: login and consent pages). */
    static boolean frameable(HttpExchange ex, int status) {
        return flaws(ex).contains(Flaw.FRAMEABLE_LOGIN) && status == 200
                && INTERACTIVE.contains(ex.getRequestURI().getRawPath());
    }

    /** Flaw xss-error-page: an error page of the authorization endpoint echoes the raw client_id. */
    static String errorPage(HttpExchange ex, int status, String page) {
        if (!flaws(ex).contains(Flaw.XSS_ERROR_PAGE) || status < 400 || !"/authorize".equals(ex.getRequestURI().getRawPath())) {
            return page;
        }
        String clientId = Http.query(ex).getOrDefault("client_id", List.of("")).get(0);
        return page.replace("</body>", "<p id=\"detail\">client_id: " + clientId + "</p>\n</body>");
    }

    /** Flaw cookies-insecure: the session cookie loses HttpOnly and becomes SameSite=None. */
    static void cookies(HttpExchange ex) {
        if (!flaws(ex).contains(Flaw.COOKIES_INSECURE)) {
            return;
        }
        List<String> set = ex.getResponseHeaders().get("Set-Cookie");
        if (set == null) {
            return;
        }
        List<String> changed = set.stream().map(c -> c.replace("; HttpOnly", "").replace("SameSite=Lax", "SameSite=None")).toList();
        ex.getResponseHeaders().put("Set-Cookie", new java.util.ArrayList<>(changed));
    }

    /** Flaw consent-csrf: the consent form goes by GET and carries neither the CSRF token nor the transaction. */
    static String consentForm(HttpExchange ex, String page) {
        if (!flaws(ex).contains(Flaw.CONSENT_CSRF) || !page.contains("id=\"consent-form\"")) {
            return page;
        }
        return page.replace("<form method=\"post\" action=\"/consent\" id=\"consent-form\">",
                        "<form method=\"get\" action=\"/consent\" id=\"consent-form\">")
                .replaceAll("<input type=\"hidden\" name=\"(csrf|tx)\" value=\"[^\"]*\">\n", "");
    }

    /** Flaw consent-csrf: a GET of /consent with a decision answers the consent, with no CSRF check. */
    static boolean consentByGet(HttpExchange ex) {
        return flaws(ex).contains(Flaw.CONSENT_CSRF) && "GET".equals(ex.getRequestMethod())
                && Http.single(Http.query(ex), "decision").isPresent();
    }

    /** The third-party host of flaw referer-leaks-state (resolves nowhere: the browser still sends the request's Referer). */
    static final String THIRD_PARTY_PIXEL = "https://metrics.thirdparty.example/pixel.gif";

    /**
     * Flaw referer-leaks-state: the login and consent pages load an image from a third-party host, allowed by CSP, with
     * Referrer-Policy unsafe-url (the full URL, query included, goes to that host).
     */
    static String thirdPartyResource(HttpExchange ex, int status, String page) {
        if (!flaws(ex).contains(Flaw.REFERER_LEAKS_STATE) || status != 200 || !INTERACTIVE.contains(ex.getRequestURI().getRawPath())) {
            return page;
        }
        var h = ex.getResponseHeaders();
        h.set("Referrer-Policy", "unsafe-url");
        String csp = h.getFirst("Content-Security-Policy");
        h.set("Content-Security-Policy", (csp == null ? "default-src 'self'" : csp) + "; img-src 'self' https://metrics.thirdparty.example");
        return page.replace("</body>", "<img src=\"" + THIRD_PARTY_PIXEL + "\" alt=\"\" width=\"1\" height=\"1\">\n</body>");
    }
}
