package org.hitcert.checks.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hitcert.model.Candidate.LoginStep;
import org.hitcert.model.Location;
import org.hitcert.support.Browser;
import org.hitcert.support.BrowserSession;
import org.hitcert.support.EvidenceLog;
import org.hitcert.support.Redactor;
import org.hitcert.support.Tls;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A login page that is a script application (Glewlwyd's) answers a wrong password in place: the same document shows
 * the form again with an error text. login.lockout.bounded-attempts must count that as "the login form again" at once,
 * not wait out the step limit for a new page (20 s a wrong password: 251 s for the check on Glewlwyd); an error text
 * shown before the attempt was submitted counts for nothing.
 */
class ScriptDrivenLoginAttemptTest {

    private static final Location AT = new Location("candidate.yaml", 1, 1);
    private static final List<LoginStep> STEPS = List.of(
            new LoginStep(LoginStep.Action.FILL, "#username", "${user.username}", false, AT),
            new LoginStep(LoginStep.Action.FILL, "#password", "${user.password}", false, AT),
            new LoginStep(LoginStep.Action.CLICK, "#go", "", false, AT),
            new LoginStep(LoginStep.Action.CLICK, "#approve", "", true, AT, true));
    private static final Map<String, String> VALUES = Map.of("${user.username}", "alice", "${user.password}", "wrong");

    private static URI page(String before) {
        return URI.create("data:text/html," + URLEncoder.encode("<!doctype html><title>sign in</title>" + before
                + "<input id=username><input id=password type=password><p id=out></p>"
                + "<button id=go onclick=\"document.getElementById('out').innerHTML="
                + "'<span class=alert-danger>Invalid username or password</span>'\">Sign in</button>",
                StandardCharsets.UTF_8).replace("+", "%20"));
    }

    @Test
    void whenTheSamePageShowsAnErrorAfterTheSubmissionThenTheAttemptEndsAsTheLoginFormAgain() throws Exception {
        Assumptions.assumeTrue(Browser.localChromiumInstalled("chromium"), "Chromium is not installed");
        Browser browser = Browser.start("chromium", List.of(), Tls.trusting(List.of()), List.of("127.0.0.1"));
        try {
            BrowserSession session = new BrowserSession(browser, new EvidenceLog(), new Redactor(),
                    Files.createTempDirectory("hitcert-spa-login-"));
            session.open(page(""));
            LoginAttempt watch = new LoginAttempt(session, URI.create("https://127.0.0.1:1/callback"), STEPS);
            long start = System.nanoTime();
            session.login(LoginAttempt.passwordSteps(STEPS), VALUES, watch, Duration.ofSeconds(20));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(LoginAttempt.Outcome.LOGIN_AGAIN, watch.outcome());
            assertTrue(millis < 8_000, "the error in place ended the attempt, not the 20 s limit: " + millis + " ms");

            // an error text that was there before the submission (a banner of an earlier visit) decides nothing
            browser.reset();
            session.open(page("<div class=alert-danger>Your session has expired</div>"));
            LoginAttempt stale = new LoginAttempt(session, URI.create("https://127.0.0.1:1/callback"), STEPS);
            List<LoginStep> upToPassword = STEPS.subList(0, 2);
            session.login(upToPassword, VALUES, stale, Duration.ofSeconds(3), Duration.ofSeconds(2));
            assertEquals(LoginAttempt.Outcome.ELSEWHERE, stale.outcome(), "nothing was submitted yet");
        } finally {
            browser.close();
        }
    }
}
