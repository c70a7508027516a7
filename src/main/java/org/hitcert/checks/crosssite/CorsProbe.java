package org.hitcert.checks.crosssite;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.CheckContext;
import org.hitcert.support.AttackerOrigin;
import org.hitcert.support.BrowserSession;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Cross-origin reads of one candidate endpoint by an origin the candidate never registered: a CORS preflight and
 * the actual request sent with that Origin over HTTP (to record the headers), and the same request made by a real
 * {@code fetch} from a page on the suite's attacker origin in the browser, with and without credentials (to
 * observe whether the attacker's script could read the answer).
 */
final class CorsProbe {

    /** What one endpoint allowed to the unregistered origin. */
    record Result(String endpoint, String origin, Optional<String> allowOrigin, boolean allowCredentials,
                  Optional<String> readWithCredentials, Optional<String> readWithoutCredentials, boolean browserRan) {

        boolean reflected() {
            return allowOrigin.filter(origin::equals).isPresent();
        }

        boolean wildcard() {
            return allowOrigin.filter("*"::equals).isPresent();
        }

        /** The unregistered origin may read this endpoint with the user's cookies: by headers, or as observed. */
        boolean credentialedReadAllowed() {
            return readWithCredentials.isPresent() || (allowCredentials && (reflected() || wildcard()));
        }

        String headers() {
            return "Access-Control-Allow-Origin " + allowOrigin.map(v -> "'" + v + "'").orElse("absent")
                    + (allowCredentials ? " with Access-Control-Allow-Credentials: true" : "");
        }

        String observed() {
            if (!browserRan) {
                return "no browser fetch (no real browser)";
            }
            return "fetch from " + origin + " with credentials: " + readWithCredentials.map(s -> "READ (" + s + ")").orElse("blocked")
                    + ", without: " + readWithoutCredentials.map(s -> "READ (" + s + ")").orElse("blocked");
        }
    }

    private CorsProbe() {
    }

    /**
     * @param method    GET or POST
     * @param headers   request headers the script sets (a non-simple one such as Authorization forces a preflight)
     * @param formBody  a form body for POST, or null
     */
    static Result probe(CheckContext ctx, AttackerOrigin attacker, String label, URI url, String method,
                        Map<String, String> headers, String formBody) {
        String origin = attacker.origin();
        String requestHeaders = String.join(",", headers.keySet()).toLowerCase();
        HttpRequestSpec preflight = new HttpRequestSpec("OPTIONS", url, Map.of("Origin", origin,
                "Access-Control-Request-Method", method), null);
        if (!requestHeaders.isEmpty()) {
            preflight = preflight.withHeader("Access-Control-Request-Headers", requestHeaders);
        }
        HttpExchange pre = ctx.http().send(preflight);
        HttpRequestSpec actual = new HttpRequestSpec(method, url, headers, formBody).withHeader("Origin", origin);
        if (formBody != null) {
            actual = actual.withHeader("Content-Type", "application/x-www-form-urlencoded");
        }
        HttpExchange real = ctx.http().send(actual);
        Optional<String> allow = real.header("Access-Control-Allow-Origin").or(() -> pre.header("Access-Control-Allow-Origin"));
        boolean credentials = "true".equalsIgnoreCase(real.header("Access-Control-Allow-Credentials")
                .or(() -> pre.header("Access-Control-Allow-Credentials")).orElse("").trim());
        Optional<String> withCreds = Optional.empty();
        Optional<String> withoutCreds = Optional.empty();
        BrowserSession browser = ctx.browser();
        boolean ran = browser.isRealBrowser();
        if (ran) {
            browser.open(attacker.page("<!doctype html><title>hitcert attacker: cross-origin read</title><p>attacker page</p>"));
            withCreds = fetch(browser, url, method, headers, formBody, "include");
            withoutCreds = fetch(browser, url, method, headers, formBody, "omit");
        }
        Result r = new Result(label, origin, allow, credentials, withCreds, withoutCreds, ran);
        ctx.note("CORS: " + label, r.headers() + "; " + r.observed());
        return r;
    }

    /** Runs fetch in the attacker page; the status read when the script could read the response, else empty. */
    private static Optional<String> fetch(BrowserSession browser, URI url, String method, Map<String, String> headers,
                                          String formBody, String credentials) {
        List<String> h = new ArrayList<>();
        headers.forEach((k, v) -> h.add(js(k) + ":" + js(v)));
        if (formBody != null) {
            h.add("'Content-Type':'application/x-www-form-urlencoded'");
        }
        String script = "const done = arguments[arguments.length - 1];"
                + "const ctl = new AbortController(); setTimeout(() => ctl.abort(), 5000);"
                + "fetch(" + js(url.toString()) + ", {method:" + js(method) + ", mode:'cors', credentials:" + js(credentials)
                + ", redirect:'manual', signal: ctl.signal, headers:{" + String.join(",", h) + "}"
                + (formBody != null ? ", body:" + js(formBody) : "") + "})"
                + ".then(r => r.type === 'opaqueredirect' ? done(null) : r.text().then(t => done('status ' + r.status + ', ' + t.length + ' characters read')))"
                + ".catch(e => done(null));";
        Object r = ((JavascriptExecutor) browser.driver()).executeAsyncScript(script);
        return Optional.ofNullable(r).map(String::valueOf);
    }

    private static String js(String s) {
        StringBuilder sb = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            if (c == '\'' || c == '\\' || c < 0x20 || c == '<' || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }
}
