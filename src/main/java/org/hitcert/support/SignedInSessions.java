package org.hitcert.support;

import java.net.HttpCookie;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The run's signed-in sessions at the authorization server, one per test user: the cookies the browser held for the
 * authorization endpoint right after a real login there (single sign-on, OpenID Connect Core §3.1.2.3: a user already
 * signed in need not log in again). A check that needs "a valid code" and not a login of its own sends its
 * authorization request over such a session, with the browser's cookies and User-Agent, and reads the code from the
 * redirect to its redirect URI; when the server wants anything of the user instead (a login or consent page, a script,
 * a redirect elsewhere), the check does the whole flow in the browser as before. Cookie values are secrets: the
 * evidence masks the Cookie and Set-Cookie headers and the values are registered with the redactor.
 */
public final class SignedInSessions {

    /** Request parameters that ask the server for an interaction or a response shape a replay must not guess at. */
    private static final Set<String> INTERACTIVE = Set.of("prompt", "max_age", "acr_values", "login_hint", "id_token_hint",
            "response_mode", "display", "claims", "request", "request_uri", "ui_locales");
    private static final int MAX_HOPS = 10;
    /**
     * Errors that speak of the user's interaction or session (OpenID Connect Core §3.1.2.6), not of the request: over a
     * replay they may come from the replay itself, so the browser gets the request instead.
     */
    private static final Set<String> USER_ERRORS = Set.of("login_required", "interaction_required", "consent_required",
            "account_selection_required", "session_selection_required");

    /**
     * One cookie as the browser held it; {@code sameSite} as DevTools names it ({@code Strict}, {@code Lax},
     * {@code None}), or null when unknown.
     */
    public record Cookie(String name, String value, String domain, boolean hostOnly, String path, boolean secure,
                         boolean httpOnly, String sameSite) {

        public Cookie(String name, String value, String domain, boolean hostOnly, String path, boolean secure) {
            this(name, value, domain, hostOnly, path, secure, false, null);
        }

        boolean matches(URI uri) {
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            String d = domain.toLowerCase(Locale.ROOT);
            if (d.startsWith(".")) {
                d = d.substring(1);
            }
            boolean hostOk = hostOnly ? host.equals(d) : host.equals(d) || host.endsWith("." + d);
            String p = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            boolean pathOk = path == null || path.isEmpty() || path.equals("/") || p.equals(path)
                    || p.startsWith(path.endsWith("/") ? path : path + "/");
            return hostOk && pathOk && (!secure || "https".equalsIgnoreCase(uri.getScheme()));
        }
    }

    /** One signed-in session: the browser's cookies for the authorization endpoint after a login, and its User-Agent. */
    public record Jar(List<Cookie> cookies, String userAgent) {
    }

    /** At most this many sessions per user: each login in the browser may have consented to another client or scope. */
    private static final int SESSIONS_PER_USER = 8;

    private final Map<String, List<Jar>> jars = new LinkedHashMap<>();
    private final Redactor redactor;
    private int replays;
    private int declined;
    private int consented;

    public SignedInSessions(Redactor redactor) {
        this.redactor = redactor;
    }

    /** Whether an authorization request with these parameters may be answered over a signed-in session. */
    public static boolean replayable(Map<String, String> params) {
        return "code".equals(params.get("response_type")) && params.keySet().stream().noneMatch(INTERACTIVE::contains);
    }

    /** Whether the run holds a signed-in session of {@code userRole} (tests). */
    synchronized boolean has(String userRole) {
        return jars.containsKey(userRole);
    }

    /**
     * Authorization requests answered over a signed-in session so far, those that needed the browser after all, and of
     * these those whose consent page alone the browser did over the session ({@link #replace}).
     */
    public synchronized int[] counts() {
        return new int[] {replays, declined, consented};
    }

    /**
     * Keeps the cookies {@code browser} holds for {@code authorizationEndpoint} as one of {@code userRole}'s signed-in
     * sessions (a new login there may carry a consent the earlier ones lack), up to {@value #SESSIONS_PER_USER} per
     * user: a new one takes the place of the one that answered a request least recently, since the checks that run
     * first may have consented for clients and scopes that later checks do not use. Does nothing where the browser
     * offers no DevTools (a grid, HtmlUnit).
     */
    public void capture(String userRole, BrowserSession browser, URI authorizationEndpoint) {
        keep(userRole, null, browser, authorizationEndpoint);
    }

    /** {@code userRole}'s session that answered a request most recently, if the run holds any. */
    public synchronized Optional<Jar> latest(String userRole) {
        List<Jar> mine = jars.getOrDefault(userRole, List.of());
        return mine.isEmpty() ? Optional.empty() : Optional.of(mine.get(0));
    }

    /**
     * Keeps the cookies {@code browser} holds for {@code authorizationEndpoint} in place of {@code used}, the session
     * the browser was given for a consent of its own ({@link CodeFlow}): the same session at the server, now with one
     * more consent, first in line. Does nothing where the browser offers no DevTools.
     */
    public void replace(String userRole, Jar used, BrowserSession browser, URI authorizationEndpoint) {
        keep(userRole, used, browser, authorizationEndpoint);
    }

    /**
     * Keeps the browser's cookies as {@code userRole}'s first session, in place of {@code replacing} when not null (and
     * with its User-Agent), else of the one that answered a request least recently once the user has
     * {@value #SESSIONS_PER_USER}.
     */
    private void keep(String userRole, Jar replacing, BrowserSession browser, URI authorizationEndpoint) {
        Optional<List<Cookie>> cookies = browser.cookiesFor(authorizationEndpoint);
        if (cookies.isEmpty() || cookies.get().isEmpty()) {
            return;
        }
        cookies.get().forEach(c -> redactor.register(c.value(), "cookie"));
        String ua = replacing != null ? replacing.userAgent() : browser.userAgent().orElse(null);
        synchronized (this) {
            List<Jar> mine = jars.computeIfAbsent(userRole, k -> new ArrayList<>());
            if (replacing != null) {
                consented++;
                mine.remove(replacing);
            }
            if (mine.size() >= SESSIONS_PER_USER) {
                mine.remove(mine.size() - 1); // the one that answered a request least recently
            }
            mine.add(0, new Jar(List.copyOf(cookies.get()), ua));
        }
    }

    /** Adds a session of {@code userRole} as if captured from a browser (tests). */
    synchronized void remember(String userRole, List<Cookie> cookies, String userAgent) {
        jars.computeIfAbsent(userRole, k -> new ArrayList<>()).add(new Jar(List.copyOf(cookies), userAgent));
    }

    /** The outcome of a replayed request: the URL the server redirected to (the redirect URI with the response). */
    public record Replay(String landedAt, List<String> trail) {
    }

    /**
     * Sends the authorization request {@code request} over {@code userRole}'s signed-in sessions, one after the other,
     * and follows the server's redirects on the authorization server's host (at most {@value #MAX_HOPS}) until one
     * points at {@code redirect}. Empty when the run has no session of that user, or the server answered anything else
     * (a page, a redirect to another host, an error) over each: the caller then does the flow in the browser.
     */
    public Optional<Replay> replay(Http http, String userRole, URI request, java.util.function.Predicate<String> atRedirect) {
        List<Jar> mine;
        synchronized (this) {
            mine = List.copyOf(jars.getOrDefault(userRole, List.of()));
        }
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        for (Jar jar : mine) {
            Optional<Replay> done = replay(http, jar, request, atRedirect);
            if (done.isPresent()) {
                synchronized (this) {
                    replays++;
                    List<Jar> now = jars.getOrDefault(userRole, new ArrayList<>());
                    if (now.remove(jar)) {
                        now.add(0, jar); // most recently useful first, and the last to make room for a new one
                    }
                }
                return done;
            }
        }
        synchronized (this) {
            declined++;
        }
        return Optional.empty();
    }

    private Optional<Replay> replay(Http http, Jar jar, URI request, java.util.function.Predicate<String> atRedirect) {
        List<Cookie> cookies = new ArrayList<>(jar.cookies());
        List<String> trail = new ArrayList<>();
        String host = request.getHost();
        URI at = request;
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            if (!host.equalsIgnoreCase(at.getHost()) || !"https".equalsIgnoreCase(at.getScheme())) {
                break;
            }
            trail.add(at.toString());
            URI here = at;
            HttpRequestSpec spec = HttpRequestSpec.get(at).withHeader("Accept", "text/html,application/xhtml+xml");
            String header = cookies.stream().filter(c -> c.matches(here)).map(c -> c.name() + "=" + c.value())
                    .reduce((a, b) -> a + "; " + b).orElse(null);
            if (header != null) {
                spec = spec.withHeader("Cookie", header);
            }
            if (jar.userAgent() != null) {
                spec = spec.withHeader("User-Agent", jar.userAgent());
            }
            HttpExchange x;
            try {
                x = http.send(spec);
            } catch (Http.HttpFailure e) {
                break;
            }
            for (String set : x.headerValues("Set-Cookie")) {
                update(cookies, set, at);
            }
            Optional<String> location = x.header("Location");
            if (x.status() < 300 || x.status() > 308 || location.isEmpty()) {
                break;
            }
            URI next;
            try {
                next = at.resolve(location.get().strip());
            } catch (IllegalArgumentException e) {
                break;
            }
            if (atRedirect.test(next.toString())) {
                if (USER_ERRORS.contains(HttpRequestSpec.parseQuery(next.getRawQuery()).getOrDefault("error", ""))
                        || USER_ERRORS.contains(HttpRequestSpec.parseQuery(next.getRawFragment()).getOrDefault("error", ""))) {
                    break;
                }
                trail.add(next.toString());
                return Optional.of(new Replay(next.toString(), trail));
            }
            at = next;
        }
        return Optional.empty();
    }

    private void update(List<Cookie> cookies, String setCookie, URI at) {
        List<HttpCookie> parsed;
        try {
            parsed = HttpCookie.parse(setCookie);
        } catch (IllegalArgumentException e) {
            return;
        }
        for (HttpCookie c : parsed) {
            String domain = c.getDomain() == null ? at.getHost() : c.getDomain();
            String path = c.getPath() == null ? "/" : c.getPath();
            cookies.removeIf(old -> old.name().equals(c.getName()) && old.path().equals(path));
            if (c.getMaxAge() != 0) {
                redactor.register(c.getValue(), "cookie");
                cookies.add(new Cookie(c.getName(), c.getValue(), domain, c.getDomain() == null, path, c.getSecure()));
            }
        }
    }
}
