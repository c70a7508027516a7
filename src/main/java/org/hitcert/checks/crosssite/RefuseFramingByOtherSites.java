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
import org.hitcert.support.AttackerOrigin;
import org.hitcert.support.BrowserSession;
import org.hitcert.support.LoopbackTls;

/**
 * RFC 9700 §4.16: the authorization server must keep other sites from framing its login and consent pages
 * (clickjacking). Observed, not inferred from headers: a page on the suite's attacker origin frames an
 * authorization request (the login page) and, after the user has signed in, one with prompt=consent (the
 * consent page, or the login page again when the session cookie is not sent to frames). PASS only when
 * Chromium rendered none of them inside the attacker's frame.
 */
public final class RefuseFramingByOtherSites implements Check {

    private static final long FRAME_WAIT_MS = 4000;

    @Override
    public CheckInfo info() {
        return new CheckInfo("crosssite.framing.refused",
                "Chromium refuses to render the login and consent pages inside another site's frame",
                List.of("frameable-login"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) throws Exception {
        BrowserSession browser = ctx.browser();
        if (!browser.isRealBrowser()) {
            throw new Inconclusive("framing is decided by the browser engine, and " + browser.description()
                    + " is not a real browser: run with Chromium");
        }
        var target = ctx.target();
        var client = Pages.browserClient(target);
        String candidateOrigin = Pages.origin(Pages.authorizationEndpoint(target));
        List<String> rendered = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        try (AttackerOrigin attacker = AttackerOrigin.startCrossSite(LoopbackTls.shared(), ctx.target())) {
            Map<String, URI> framed = new LinkedHashMap<>();
            framed.put("login page", Pages.authorizationRequest(target, client, Map.of()));
            for (Map.Entry<String, URI> e : framed.entrySet()) {
                frame(ctx, browser, attacker, e.getKey(), e.getValue(), candidateOrigin, rendered, refused);
            }
            // sign in at the top level, as the victim would have, then frame the consent step
            var auth = ctx.flow().authorize(client, Pages.defaultUser(target), Map.of());
            if (auth.redirected()) {
                frame(ctx, browser, attacker, "consent page (prompt=consent, signed-in user)",
                        Pages.authorizationRequest(target, client, Map.of("prompt", "consent")), candidateOrigin, rendered, refused);
            } else if (rendered.isEmpty()) {
                throw new Inconclusive("the consent page was not framed: the sign-in did not complete (" + auth.ending().detail()
                        + "); the login page was refused in the frame");
            }
        }
        if (!rendered.isEmpty()) {
            throw fail("another site could frame the authorization server's pages, and Chromium rendered them inside the "
                    + "attacker's frame (clickjacking, RFC 9700 §4.16): " + String.join("; ", rendered)
                    + "; expected the browser to refuse (X-Frame-Options or CSP frame-ancestors)");
        }
        ctx.pass("Chromium refused to render inside a frame of " + "the attacker origin: " + String.join("; ", refused));
    }

    private static void frame(CheckContext ctx, BrowserSession browser, AttackerOrigin attacker, String what, URI framed,
                              String candidateOrigin, List<String> rendered, List<String> refused) throws InterruptedException {
        // baseline: the page renders at the top level, so an error page in the frame is a refusal, not a network failure
        browser.open(framed);
        if (browser.currentUrl().startsWith("chrome-error:")) {
            throw new Inconclusive("the " + what + " did not load even at the top level, so a refusal in a frame would prove nothing");
        }
        URI page = attacker.page("<!doctype html><title>hitcert attacker: framing</title>"
                + "<p>attacker page</p><iframe id=\"victim\" width=\"900\" height=\"600\" src=\"" + escape(framed.toString())
                + "\"></iframe>");
        browser.open(page);
        var driver = browser.driver();
        FrameState state = FrameState.UNKNOWN;
        String detail = "";
        long deadline = System.currentTimeMillis() + FRAME_WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            try {
                driver.switchTo().defaultContent();
                driver.switchTo().frame("victim");
                Object r = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                        "return [String(location.href), document.readyState,"
                        + " document.querySelectorAll('input,button,a,select,textarea').length,"
                        + " document.body ? document.body.innerText.length : 0];");
                List<?> v = (List<?>) r;
                String href = String.valueOf(v.get(0));
                boolean complete = "complete".equals(v.get(1));
                long interactive = ((Number) v.get(2)).longValue();
                if (href.startsWith("chrome-error:")) {
                    state = FrameState.REFUSED;
                    detail = "Chromium's error page";
                    break;
                } else if (complete && !href.startsWith("about:")) {
                    state = href.startsWith(attacker.origin()) ? FrameState.UNKNOWN : FrameState.RENDERED;
                    detail = (href.startsWith(candidateOrigin) ? "the candidate's page" : "a page off the candidate's origin")
                            + " with " + interactive + " interactive elements";
                    break;
                }
            } catch (org.openqa.selenium.WebDriverException e) {
                detail = e.getClass().getSimpleName();
            }
            Thread.sleep(150);
        }
        driver.switchTo().defaultContent();
        browser.screenshot("attacker page framing the " + what);
        switch (state) {
            case RENDERED -> rendered.add(what + " rendered in the frame (" + detail + ")");
            case REFUSED -> refused.add(what + " (renders at the top level; the frame shows " + detail + ")");
            default -> throw new Inconclusive("could not tell whether the framed " + what + " rendered within "
                    + FRAME_WAIT_MS / 1000 + " s (" + detail + ")");
        }
    }

    private enum FrameState { UNKNOWN, REFUSED, RENDERED }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}
