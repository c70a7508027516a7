package org.hitcert.support;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * How an authorization request in the browser (or over a signed-in session) ended, decided once for every check from
 * what the flow recorded: where the browser stopped, what the response carried, how far the login automation got, and
 * the HTTP status of the page it stopped on. A refusal is never inferred from "the browser never reached the redirect
 * URI": only {@link Kind#ERROR_REDIRECT}, {@link Kind#ERROR_PAGE_AFTER_LOGIN} and {@link Kind#NO_LOGIN_OFFERED} may count
 * as one, and only beside a positive control ({@link RefusalDecision}).
 */
public final class AuthorizationEnding {

    /** The endings, from the most to the least telling. */
    public enum Kind {
        /** At the redirect URI with a code (or an access token). */
        CODE,
        /** At the redirect URI with {@code error} (RFC 6749 §4.1.2.1). */
        ERROR_REDIRECT,
        /** Every login step acted, and the browser stopped at the authorization server on a page that is not the login form. */
        ERROR_PAGE_AFTER_LOGIN,
        /** The first login step found no element, the page being at the authorization server. */
        NO_LOGIN_OFFERED,
        /** The control's ending: the first login step's element was shown (the control does not log in). */
        LOGIN_FORM,
        /** The page the browser stopped on was answered with a 5xx status. */
        SERVER_ERROR,
        /** The browser could not load a page (connection refused, DNS failure): an observation, not a refusal. */
        NAVIGATION_ERROR,
        /** Anything else: a step timed out mid-login, a selector did not match, an interstitial page, another host. */
        UNDECIDED
    }

    /**
     * What a flow recorded, the decision's only input.
     *
     * @param redirected     the browser (or the replay) reached the redirect URI (or the URL the caller stops at)
     * @param response       the response parameters there (query, else fragment); empty when not redirected
     * @param landedAt       the URL the browser ended at (redacted)
     * @param authorization  the authorization endpoint the request was sent to
     * @param stepsPerformed how many login steps acted on a page
     * @param loginProblem   the login automation's failure, if a required step found no element
     * @param loginFormShown whether the first login step's element is displayed where the browser stopped
     * @param status         the HTTP status of the page the browser stopped on, when the browser tells it
     * @param pageText       the page's title and leading visible text (redacted), for the reason
     * @param screenshot     the title of the screenshot taken where the browser stopped, if any
     */
    public record Seen(boolean redirected, Map<String, String> response, String landedAt, URI authorization,
                       int stepsPerformed, Optional<String> loginProblem, boolean loginFormShown, OptionalInt status,
                       String pageText, Optional<String> screenshot) {

        public Seen {
            response = Map.copyOf(response);
            Objects.requireNonNull(landedAt, "landedAt");
            Objects.requireNonNull(loginProblem, "loginProblem");
            Objects.requireNonNull(status, "status");
            pageText = pageText == null ? "" : pageText;
            Objects.requireNonNull(screenshot, "screenshot");
        }

        /** A response read at the redirect URI (a replay over a signed-in session, or a browser that got there). */
        public static Seen atRedirect(Map<String, String> response, String landedAt, URI authorization) {
            return new Seen(true, response, landedAt, authorization, 0, Optional.empty(), false, OptionalInt.empty(), "",
                    Optional.empty());
        }
    }

    /** Words of an error page, in its title or its leading text. */
    private static final Pattern ERROR_WORDS = Pattern.compile(
            "error|invalid|not allowed|not permitted|unsupported|unknown|denied|refused|forbidden|rejected|bad request|"
                    + "not registered|mismatch|unauthori[sz]ed", Pattern.CASE_INSENSITIVE);
    private static final int TEXT_IN_REASON = 120;

    private final Kind kind;
    private final String detail;
    private final OptionalInt status;

    private AuthorizationEnding(Kind kind, String detail, OptionalInt status) {
        this.kind = kind;
        this.detail = detail;
        this.status = status;
    }

    /** An ending of {@code kind} described by {@code detail} (recorded inputs in tests, the control's login form). */
    public static AuthorizationEnding of(Kind kind, String detail) {
        return new AuthorizationEnding(kind, detail, OptionalInt.empty());
    }

    public Kind kind() {
        return kind;
    }

    /** One line: what the flow saw, quoting the server (error and error_description, status, page text). */
    public String detail() {
        return detail;
    }

    /** The HTTP status of the page the browser stopped on, when known. */
    public OptionalInt status() {
        return status;
    }

    /** Whether this ending may count as a refusal (beside a positive control). */
    public boolean refusalLike() {
        return kind == Kind.ERROR_REDIRECT || kind == Kind.ERROR_PAGE_AFTER_LOGIN || kind == Kind.NO_LOGIN_OFFERED;
    }

    @Override
    public String toString() {
        return kind + ": " + detail;
    }

    /** Decides how the flow ended. */
    public static AuthorizationEnding decide(Seen s) {
        String shot = s.screenshot().map(t -> " (screenshot '" + t + "')").orElse("");
        String code = s.response().get("code");
        boolean token = s.response().containsKey("access_token");
        if (s.redirected()) {
            if (code != null || token) {
                return new AuthorizationEnding(Kind.CODE, "the redirect carried " + (code != null ? "a code" : "")
                        + (code != null && token ? " and " : "") + (token ? "an access token" : ""), s.status());
            }
            if (s.response().containsKey("error")) {
                String d = s.response().get("error_description");
                return new AuthorizationEnding(Kind.ERROR_REDIRECT, "error=" + s.response().get("error")
                        + (d == null || d.isBlank() ? "" : " (error_description '" + d + "')"), s.status());
            }
            return new AuthorizationEnding(Kind.UNDECIDED, "the redirect to " + withoutQuery(s.landedAt())
                    + " carried neither a code nor an error (parameters " + s.response().keySet() + ")", s.status());
        }
        String at = withoutQuery(s.landedAt());
        if (s.landedAt().startsWith("chrome-error:") || s.landedAt().startsWith("about:neterror")) {
            return new AuthorizationEnding(Kind.NAVIGATION_ERROR, "the browser could not load the page it was sent to ("
                    + at + ")" + shot, s.status());
        }
        String statusText = s.status().isPresent() ? "HTTP " + s.status().getAsInt() : "status unknown";
        String page = quoted(s.pageText());
        if (!sameOrigin(s.landedAt(), s.authorization())) {
            return new AuthorizationEnding(Kind.UNDECIDED, "the browser stopped at " + at + ", neither the redirect URI nor "
                    + "the authorization server" + s.loginProblem().map(p -> " (" + p + ")").orElse("") + shot, s.status());
        }
        if (s.status().isPresent() && s.status().getAsInt() >= 500) {
            return new AuthorizationEnding(Kind.SERVER_ERROR, "the authorization server answered " + statusText + " at " + at
                    + page + (s.stepsPerformed() > 0 ? " after " + s.stepsPerformed() + " login steps" : "") + shot, s.status());
        }
        if (s.loginProblem().isPresent()) {
            if (s.stepsPerformed() == 0 && !s.loginFormShown()) {
                return new AuthorizationEnding(Kind.NO_LOGIN_OFFERED, "no login form was offered: the authorization server "
                        + "showed " + at + " (" + statusText + ")" + page + shot, s.status());
            }
            return new AuthorizationEnding(Kind.UNDECIDED, "the login automation did not finish: " + s.loginProblem().get()
                    + " (" + s.stepsPerformed() + " steps done)" + shot, s.status());
        }
        if (s.stepsPerformed() == 0) {
            return new AuthorizationEnding(Kind.UNDECIDED, "no login step acted and the browser stopped at " + at + " ("
                    + statusText + ")" + page + shot, s.status());
        }
        if (s.loginFormShown()) {
            return new AuthorizationEnding(Kind.UNDECIDED, "after " + s.stepsPerformed() + " login steps the login form is "
                    + "shown again at " + at + page + ": the login did not succeed" + shot, s.status());
        }
        boolean errorStatus = s.status().isPresent() && s.status().getAsInt() >= 400;
        if (errorStatus || ERROR_WORDS.matcher(s.pageText()).find()) {
            return new AuthorizationEnding(Kind.ERROR_PAGE_AFTER_LOGIN, "after " + s.stepsPerformed() + " login steps the "
                    + "authorization server showed an error page at " + at + " (" + statusText + ")" + page + shot, s.status());
        }
        return new AuthorizationEnding(Kind.UNDECIDED, "after " + s.stepsPerformed() + " login steps the browser stopped at "
                + at + " (" + statusText + ") on a page that shows no error" + page + ": an interstitial the login automation "
                + "does not know" + shot, s.status());
    }

    /**
     * How a request ended that was answered over HTTP, before any browser: {@code location} the redirect it was
     * answered with (null when none), else the page's status and text.
     */
    public static AuthorizationEnding ofAnswer(URI request, int status, String location, String pageText) {
        if (location != null) {
            URI to = request.resolve(location.strip());
            Map<String, String> q = HttpRequestSpec.parseQuery(to.getRawQuery());
            return decide(Seen.atRedirect(q.isEmpty() ? HttpRequestSpec.parseQuery(to.getRawFragment()) : q,
                    to.toString(), request));
        }
        String page = quoted(pageText == null ? "" : pageText);
        if (status >= 500) {
            return new AuthorizationEnding(Kind.SERVER_ERROR, "the authorization server answered HTTP " + status + page,
                    OptionalInt.of(status));
        }
        if (status >= 400) {
            return new AuthorizationEnding(Kind.NO_LOGIN_OFFERED, "no login form was offered: an error page (HTTP " + status
                    + ")" + page, OptionalInt.of(status));
        }
        return new AuthorizationEnding(Kind.UNDECIDED, "the authorization server answered HTTP " + status + page,
                OptionalInt.of(status));
    }

    private static String quoted(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        if (t.isEmpty()) {
            return "";
        }
        return ", page '" + (t.length() > TEXT_IN_REASON ? t.substring(0, TEXT_IN_REASON) + "…" : t) + "'";
    }

    /** {@code url} without its query and fragment (which may carry codes or long request parameters). */
    static String withoutQuery(String url) {
        int cut = url.length();
        for (char c : new char[] {'?', '#'}) {
            int i = url.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return url.substring(0, cut);
    }

    private static boolean sameOrigin(String url, URI authorization) {
        try {
            URI u = new URI(url);
            return u.getHost() != null && u.getHost().equalsIgnoreCase(authorization.getHost())
                    && port(u) == port(authorization)
                    && String.valueOf(u.getScheme()).equalsIgnoreCase(authorization.getScheme());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
