package org.hitcert.checks.crosssite;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.BrowserSession;
import org.hitcert.support.HttpExchange;
import org.openqa.selenium.JavascriptExecutor;

/**
 * RFC 6749 §10.14: the authorization server must sanitise every value it receives, in particular state and
 * redirect_uri. Authorization requests that the server must answer with its own error page (an unknown
 * client_id, an unregistered redirect_uri) or with an error (a bad scope), carry a script payload in client_id,
 * redirect_uri, state, scope and error_description. FAIL when the payload runs in Chromium (detected by the
 * global it sets) or comes back unescaped in an HTML page.
 */
public final class EscapeReflectedValuesInErrorPages implements Check {

    static final String MARK = "hitcertXss";
    static final String PAYLOAD = "\"'><script>window." + MARK + "=1</script><img src=x onerror=\"window." + MARK + "=2\">";

    @Override
    public CheckInfo info() {
        return new CheckInfo("crosssite.error-pages.escaped",
                "Script payloads in authorization request parameters are escaped in error pages and never run",
                List.of("xss-error-page"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        var target = ctx.target();
        var client = Pages.browserClient(target);
        Map<String, URI> probes = new LinkedHashMap<>();
        probes.put("client_id", Pages.authorizationRequest(target, client, Map.of("client_id", PAYLOAD, "error_description", PAYLOAD)));
        probes.put("redirect_uri", Pages.authorizationRequest(target, client,
                Map.of("redirect_uri", "https://127.0.0.1/" + PAYLOAD, "state", PAYLOAD, "error_description", PAYLOAD)));
        probes.put("scope and state", Pages.authorizationRequest(target, client,
                Map.of("scope", PAYLOAD, "state", PAYLOAD, "error_description", PAYLOAD)));
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Map.Entry<String, URI> p : probes.entrySet()) {
            HttpExchange page = EnsureAntiFramingHeaders.followToPage(ctx, p.getValue());
            boolean html = page.header("Content-Type").orElse("").toLowerCase().contains("html");
            if (html && page.body() != null && unescaped(page.body())) {
                problems.add("payload in " + p.getKey() + " reflected unescaped in the HTML page at "
                        + page.request().uri().getPath() + " (" + page.status() + ")");
            }
            seen.add(p.getKey() + " → " + page.status() + (html ? " HTML" : ""));
        }
        BrowserSession browser = ctx.browser();
        if (browser.isRealBrowser()) {
            for (Map.Entry<String, URI> p : probes.entrySet()) {
                browser.open(p.getValue());
                Object ran = ((JavascriptExecutor) browser.driver()).executeScript("return window." + MARK + " || 0;");
                if (ran instanceof Number n && n.intValue() != 0) {
                    browser.screenshot("script ran: payload in " + p.getKey());
                    problems.add("the payload in " + p.getKey() + " ran as script in Chromium at " + browser.currentUrl().replaceAll("\\?.*", ""));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw fail("request values reach the authorization server's pages unsanitised (reflected XSS; RFC 6749 §10.14 "
                    + "requires sanitising every received value): " + String.join("; ", problems)
                    + "; expected the payload HTML-escaped and no script run");
        }
        if (!browser.isRealBrowser()) {
            throw new Inconclusive("no unescaped reflection over HTTP (" + String.join(", ", seen) + "), but whether script runs "
                    + "is decided by a browser engine, and " + browser.description() + " is not one");
        }
        ctx.pass("no payload came back unescaped and no script ran in Chromium (" + String.join(", ", seen) + ")");
    }

    static boolean unescaped(String body) {
        return body.contains("<script>window." + MARK) || body.contains("<img src=x onerror=\"window." + MARK);
    }
}
