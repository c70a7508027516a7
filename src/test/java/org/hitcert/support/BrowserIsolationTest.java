package org.hitcert.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.hitcert.reference.Flaw;
import org.hitcert.reference.ReferenceCandidate;
import org.hitcert.reference.ReferenceOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A pooled browser handed from one check to the next keeps nothing of the first: no cookie (script-set or
 * HttpOnly), no localStorage, no sessionStorage at the candidate's origin. A leak would let an SSO or CSRF check
 * ride on an earlier check's login and lie.
 */
class BrowserIsolationTest {

    @Test
    void whenABrowserIsResetThenTheNextSessionSeesNoCookieAndNoStorageOfThePrevious() throws Exception {
        Assumptions.assumeTrue(Browser.localChromiumInstalled("chromium"),
                "Chromium is not installed");
        try (ReferenceCandidate ref = ReferenceCandidate.start(new ReferenceOptions(EnumSet.noneOf(Flaw.class),
                URI.create("https://127.0.0.1:1/callback"), 0))) {
            SSLContext tls = Tls.trusting(ref.trustAnchors());
            URI page = URI.create(ref.issuer() + "/.well-known/openid-configuration");
            String spki = Tls.spkiSha256(Tls.serverChain(tls, ref.issuer(), 10_000).get(0));
            Browser browser = Browser.start("chromium", List.of(spki), tls, List.of(ref.issuer().getHost()));
            try {
                ChromeDriver chrome = (ChromeDriver) browser.driver();
                // check 1: leaves a script cookie, an HttpOnly cookie, and both storages at the candidate's origin
                chrome.get(page.toString());
                JavascriptExecutor js = chrome;
                js.executeScript("document.cookie = 'hitcert_leak=1; path=/'; localStorage.setItem('hitcert_leak', '1');"
                        + " sessionStorage.setItem('hitcert_leak', '1');");
                chrome.executeCdpCommand("Network.enable", Map.of());
                chrome.executeCdpCommand("Network.setCookie", Map.of("name", "hitcert_session", "value", "secret",
                        "url", ref.issuer().toString(), "httpOnly", true, "secure", true));
                assertEquals("1", js.executeScript("return localStorage.getItem('hitcert_leak')"), "the leak was planted");
                assertTrue(cookies(chrome) >= 2, "the cookies were planted");

                browser.reset(); // what the run does when a check gives its browser back

                // check 2: same browser, same origin
                chrome.get(page.toString());
                assertEquals("", js.executeScript("return document.cookie"), "a cookie leaked into the next check");
                assertEquals(null, js.executeScript("return localStorage.getItem('hitcert_leak')"), "localStorage leaked");
                assertEquals(null, js.executeScript("return sessionStorage.getItem('hitcert_leak')"), "sessionStorage leaked");
                assertEquals(0, cookies(chrome), "an HttpOnly cookie leaked into the next check");
            } finally {
                browser.close();
            }
        }
    }

    /**
     * Issue 18 A2: a check's flow ends with a redirect to the callback carrying its state, and leaves a popup open; the
     * next check in the same pooled browser sees neither: not in Chromium's session history (which checks read for
     * hops), not in its own history or URL trail, not as a window.
     */
    @Test
    void whenOneChecksFlowRedirectedToTheCallbackThenTheNextCheckInTheSameBrowserNeverSeesThatHop() throws Exception {
        Assumptions.assumeTrue(Browser.localChromiumInstalled("chromium"), "Chromium is not installed");
        URI callback = URI.create("https://127.0.0.1:1/callback");
        try (ReferenceCandidate ref = ReferenceCandidate.start(new ReferenceOptions(EnumSet.noneOf(Flaw.class), callback, 0))) {
            SSLContext tls = Tls.trusting(ref.trustAnchors());
            String spki = Tls.spkiSha256(Tls.serverChain(tls, ref.issuer(), 10_000).get(0));
            Browser browser = Browser.start("chromium", List.of(spki), tls, List.of(ref.issuer().getHost()));
            Path shots = Files.createTempDirectory("hitcert-isolation-");
            try {
                String state = "hitcert-earlier-check-state-" + Pkce.random(6);
                String client = ref.clients().stream().filter(c -> c.role().equals("public")).findFirst().orElseThrow().clientId();
                URI request = HttpRequestSpec.withQuery(URI.create(ref.issuer() + "/authorize"), "response_type", "code",
                        "client_id", client, "redirect_uri", callback.toString(), "scope", "no-such-scope", "state", state);
                BrowserSession first = new BrowserSession(browser, new EvidenceLog(), new Redactor(), shots);
                first.open(request); // the server redirects the error, with the state, to the callback
                new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(10))
                        .until(d -> history(browser).contains(state));
                ((JavascriptExecutor) browser.driver()).executeScript("window.open('about:blank#' + arguments[0])", state);
                assertTrue(history(browser).contains(state) && first.navigationHistory().orElseThrow().stream()
                        .anyMatch(e -> e.url().contains(state)), "the first check's hop is in its history");

                browser.reset(); // what the run does when a check gives its browser back

                BrowserSession second = new BrowserSession(browser, new EvidenceLog(), new Redactor(), shots);
                second.open(URI.create(ref.issuer() + "/.well-known/openid-configuration"));
                assertFalse(history(browser).contains(state), "the earlier check's redirect is in the browser's history: "
                        + history(browser));
                assertTrue(second.navigationHistory().orElseThrow().stream().noneMatch(e -> e.url().contains(state)));
                assertTrue(second.trail().stream().noneMatch(u -> u.contains(state)), "the URL trail is the check's own");
                assertEquals(1, browser.driver().getWindowHandles().size(), "the earlier check's popup is still open");
            } finally {
                browser.close();
            }
        }
    }

    /** Chromium's session history of the current tab as a check reads it over DevTools, every URL in one string. */
    private static String history(Browser browser) {
        return String.valueOf(((ChromeDriver) browser.driver()).executeCdpCommand("Page.getNavigationHistory", Map.of()));
    }

    @Test
    void whenAPhoneProfileWasPresentedThenResetGivesTheNextCheckTheDesktopBrowserAgain() throws Exception {
        Assumptions.assumeTrue(Browser.localChromiumInstalled("chromium"),
                "Chromium is not installed");
        Browser browser = Browser.start("chromium", List.of(), Tls.trusting(List.of()), List.of("127.0.0.1"));
        try {
            JavascriptExecutor js = (JavascriptExecutor) browser.driver();
            browser.driver().get("data:text/html,<p>x</p>");
            String desktop = String.valueOf(js.executeScript("return navigator.userAgent"));
            assertTrue(browser.emulateMobile().isPresent(), "Chromium offers device emulation");
            browser.driver().get("data:text/html,<p>y</p>");
            assertTrue(String.valueOf(js.executeScript("return navigator.userAgent")).contains("Android"), "the phone profile is on");
            assertEquals(412L, js.executeScript("return screen.width"), "a phone's screen");

            browser.reset();

            browser.driver().get("data:text/html,<p>z</p>");
            assertEquals(desktop, js.executeScript("return navigator.userAgent"), "the phone's User-Agent leaked into the next check");
            assertTrue(((Number) js.executeScript("return screen.width")).longValue() > 412, "the phone's screen leaked");
        } finally {
            browser.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static int cookies(ChromeDriver chrome) {
        Map<String, Object> all = chrome.executeCdpCommand("Network.getAllCookies", Map.of());
        return ((List<Object>) all.get("cookies")).size();
    }
}
