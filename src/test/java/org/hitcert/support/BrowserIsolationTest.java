package org.hitcert.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
