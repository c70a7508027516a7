package org.hitcert.checks.crosssite;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;

/**
 * RFC 9700 §4.16 (and RFC 6749 §10.13, RFC 6819 §4.4.1.9): the authorization server's interactive pages must
 * not be framable by other sites, by X-Frame-Options or CSP frame-ancestors. Reads the headers of the page an
 * authorization request shows (the login page, following the candidate's own redirects) and of the error page
 * for an unknown client. A restrictive Referrer-Policy and no third-party resources are SHOULDs: notes only.
 */
public final class EnsureAntiFramingHeaders implements Check {

    private static final int MAX_HOPS = 5;
    private static final Pattern RESOURCE = Pattern.compile("(?i)<(?:script|img|link|iframe)\\b[^>]*?(?:src|href)\\s*=\\s*[\"']?(https?://[^\"'\\s>]+)");

    @Override
    public CheckInfo info() {
        return new CheckInfo("crosssite.page-headers.anti-framing",
                "The login and error pages of the authorization server forbid framing by other sites",
                List.of("frameable-login"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        var client = Pages.browserClient(ctx.target());
        Map<String, URI> starts = new LinkedHashMap<>();
        starts.put("login page (a valid authorization request)", Pages.authorizationRequest(ctx.target(), client, Map.of()));
        starts.put("error page (unknown client_id)", Pages.authorizationRequest(ctx.target(), client,
                Map.of("client_id", "hitcert-unknown-client-" + org.hitcert.support.Pkce.random(4))));
        List<String> unprotected = new ArrayList<>();
        List<String> protectedPages = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, URI> start : starts.entrySet()) {
            HttpExchange page = followToPage(ctx, start.getValue());
            String what = start.getKey() + " at " + page.request().uri().getPath() + " (" + page.status() + ")";
            if (!page.header("Content-Type").orElse("").toLowerCase().contains("html")) {
                notes.add(what + " is not HTML (" + page.header("Content-Type").orElse("no Content-Type") + "): not a framing target");
                continue;
            }
            Optional<String> protection = AntiFraming.protection(page.header("X-Frame-Options"),
                    page.headerValues("Content-Security-Policy"));
            if (protection.isEmpty()) {
                unprotected.add(what + ": X-Frame-Options " + page.header("X-Frame-Options").orElse("absent")
                        + ", CSP frame-ancestors " + AntiFraming.frameAncestors(page.headerValues("Content-Security-Policy")).orElse("absent"));
            } else {
                protectedPages.add(what + ": " + protection.get());
                if (!protection.get().contains(" and ")) {
                    notes.add(what + " sends only " + protection.get() + "; sending both headers also covers older browsers");
                }
            }
            if (!AntiFraming.restrictiveReferrerPolicy(page.header("Referrer-Policy"))) {
                notes.add(what + ": Referrer-Policy " + page.header("Referrer-Policy").orElse("absent")
                        + " (SHOULD be no-referrer or same-origin-style; RFC 9700 §4.2.4)");
            }
            Matcher m = RESOURCE.matcher(page.body() == null ? "" : page.body());
            while (m.find()) {
                URI res = URI.create(m.group(1));
                if (!Pages.origin(res).equals(Pages.origin(page.request().uri()))) {
                    notes.add(what + " loads a third-party resource from " + Pages.origin(res) + " (RFC 9700 §4.2.4: SHOULD NOT)");
                }
            }
        }
        if (!notes.isEmpty()) {
            ctx.note("recommendations", String.join("\n", notes));
        }
        if (!unprotected.isEmpty()) {
            throw fail("pages of the authorization server can be framed by any site (clickjacking, RFC 9700 §4.16, RFC 6749 §10.13): "
                    + String.join("; ", unprotected) + "; expected X-Frame-Options: DENY/SAMEORIGIN or CSP frame-ancestors "
                    + "'none'/'self'/an allowlist");
        }
        if (protectedPages.isEmpty()) {
            throw new Inconclusive("no HTML page was reached to read its headers: " + String.join("; ", notes));
        }
        ctx.pass(String.join("; ", protectedPages));
    }

    /** GETs {@code start} and follows the candidate's redirects (bounded), carrying its cookies, to the page it shows. */
    static HttpExchange followToPage(CheckContext ctx, URI start) {
        URI at = start;
        Map<String, String> cookies = new LinkedHashMap<>();
        HttpExchange x = null;
        for (int hop = 0; hop <= MAX_HOPS; hop++) {
            HttpRequestSpec req = HttpRequestSpec.get(at).withHeader("Accept", "text/html");
            if (!cookies.isEmpty()) {
                req = req.withHeader("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
            x = ctx.http().send(req);
            for (String c : x.headerValues("Set-Cookie")) {
                int eq = c.indexOf('=');
                int semi = c.indexOf(';');
                if (eq > 0) {
                    cookies.put(c.substring(0, eq).trim(), c.substring(eq + 1, semi > eq ? semi : c.length()).trim());
                }
            }
            Optional<String> location = x.header("Location");
            if (x.status() < 300 || x.status() >= 400 || location.isEmpty()) {
                return x;
            }
            URI next = at.resolve(location.get());
            if (!next.getHost().equalsIgnoreCase(at.getHost())) {
                return x; // left the candidate's host (e.g. to the client's redirect URI): no page of its own
            }
            at = next;
        }
        return x;
    }
}
