package org.hitcert.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hitcert.model.Candidate.LoginStep;
import org.hitcert.model.Location;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * After the last login step, the wait for the redirect URI ends as soon as the browser shows a settled error document
 * (HTTP 4xx or 5xx): a server that refuses the request after the login sends no redirect from there, and waiting out
 * the step limit cost 20 s a refused variant on django-oauth-toolkit. A page of status 200 that is not the redirect URI
 * (an interstitial that may yet move on) is still waited for, up to the limit.
 */
class ErrorPagesEndTheWaitTest {

    private static final Location AT = new Location("candidate.yaml", 1, 1);
    private static final List<LoginStep> STEPS = List.of(
            new LoginStep(LoginStep.Action.FILL, "#username", "${user.username}", false, AT),
            new LoginStep(LoginStep.Action.CLICK, "#go", "", false, AT));
    private static final Map<String, String> VALUES = Map.of("${user.username}", "alice");
    private static final Function<String, Boolean> NEVER = url -> url != null && url.contains("/callback");

    @Test
    void whenTheLastStepGetsAnErrorPageThenTheWaitEndsAndA200PageIsStillWaitedFor() throws Exception {
        Assumptions.assumeTrue(Browser.localChromiumInstalled("chromium"), "Chromium is not installed");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            int status = path.equals("/refused") ? 400 : 200;
            String body = path.startsWith("/login-") ? "<form action=/" + path.substring("/login-".length())
                    + " method=post><input id=username name=u><button id=go>Sign in</button></form>"
                    : path.equals("/refused") ? "<p>invalid_request: redirect_uri does not match</p>" : "<p>One moment…</p>";
            byte[] bytes = ("<!doctype html><title>t</title>" + body).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Browser browser = Browser.start("chromium", List.of(), Tls.trusting(List.of()), List.of("127.0.0.1"));
        try {
            BrowserSession session = new BrowserSession(browser, new EvidenceLog(), new Redactor(),
                    Files.createTempDirectory("hitcert-error-page-"));
            session.open(URI.create(base + "/login-refused"));
            long start = System.nanoTime();
            session.login(STEPS, VALUES, NEVER, Duration.ofSeconds(20));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(session.currentUrl().endsWith("/refused"), session.currentUrl());
            assertTrue(millis < 8_000, "the wait on a 400 page ended once it settled, not after the 20 s limit: " + millis + " ms");

            browser.reset();
            session.open(URI.create(base + "/login-interstitial"));
            start = System.nanoTime();
            session.login(STEPS, VALUES, NEVER, Duration.ofSeconds(20), Duration.ofSeconds(4));
            millis = (System.nanoTime() - start) / 1_000_000;
            assertFalse(NEVER.apply(session.currentUrl()));
            assertTrue(millis >= 4_000, "a 200 page that is not the redirect URI is waited for up to the limit: " + millis + " ms");
        } finally {
            browser.close();
            server.stop(0);
        }
    }
}
