package org.hitcert.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hitcert.model.Candidate.LoginStep;
import org.hitcert.model.Evidence;
import org.hitcert.model.Location;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 A13: a re-authentication page shows the username read-only (or not at all) and asks for the password only.
 * The username step is then skipped and noted, not typed into a read-only field nor waited for in vain; a step that
 * finds nothing where no later step's element is shown still fails, naming the step, with a screenshot.
 */
class ReauthenticationPagesTest {

    private static final Location AT = new Location("candidate.yaml", 1, 1);
    private static final List<LoginStep> STEPS = List.of(
            new LoginStep(LoginStep.Action.FILL, "#username", "${user.username}", false, AT),
            new LoginStep(LoginStep.Action.FILL, "#password", "${user.password}", false, AT),
            new LoginStep(LoginStep.Action.CLICK, "#go", "", false, AT));
    private static final Map<String, String> VALUES = Map.of("${user.username}", "alice", "${user.password}", "pw");
    private static final Function<String, Boolean> DONE = url -> url != null && url.endsWith("#done");

    private static URI page(String body) {
        return URI.create("data:text/html," + URLEncoder.encode("<!doctype html><title>sign in</title>" + body
                + "<button id=go onclick=\"location.href='about:blank#done'\">Sign in</button>", StandardCharsets.UTF_8).replace("+", "%20"));
    }

    @Test
    void whenTheUsernameIsReadOnlyOrAbsentThenItsStepIsSkippedAndNotedAndTheLoginGoesOn() throws Exception {
        Assumptions.assumeTrue(Browser.localChromiumInstalled("chromium"), "Chromium is not installed");
        Browser browser = Browser.start("chromium", List.of(), Tls.trusting(List.of()), List.of("127.0.0.1"));
        try {
            for (String reauth : List.of("<input id=username value=alice readonly><input id=password type=password>",
                    "<p>Signed in as alice</p><input id=password type=password>")) {
                browser.reset();
                EvidenceLog log = new EvidenceLog();
                BrowserSession session = new BrowserSession(browser, log, new Redactor(), Files.createTempDirectory("hitcert-reauth-"));
                session.open(page(reauth));
                session.login(STEPS, VALUES, DONE, Duration.ofSeconds(5));
                assertTrue(DONE.apply(session.currentUrl()), "the login went on to the end: " + session.currentUrl() + " " + session.performedSteps() + " " + log.items());
                assertEquals(List.of("#password", "#go"), session.performedSteps().stream().map(LoginStep::selector).toList());
                Evidence note = log.items().stream().filter(e -> e.title().equals("login step 1 skipped")).findFirst().orElseThrow();
                assertTrue(String.valueOf(note.details()).contains("'#username'"), note.details().toString());
            }

            browser.reset();
            EvidenceLog log = new EvidenceLog();
            BrowserSession session = new BrowserSession(browser, log, new Redactor(), Files.createTempDirectory("hitcert-reauth-"));
            session.open(URI.create("data:text/html," + URLEncoder.encode("<p role=alert>Your session has expired</p>",
                    StandardCharsets.UTF_8).replace("+", "%20")));
            BrowserSession.LoginStepFailed failed = assertThrows(BrowserSession.LoginStepFailed.class,
                    () -> session.login(STEPS, VALUES, DONE, Duration.ofSeconds(3)));
            assertTrue(failed.getMessage().startsWith("login step 1 (fill '#username', candidate.yaml:1:1) found no element"),
                    failed.getMessage());
            assertTrue(failed.getMessage().contains("the page says \"Your session has expired\""), failed.getMessage());
            assertTrue(log.items().stream().anyMatch(e -> e.details().containsKey("screenshot")), "a screenshot of the page");
        } finally {
            browser.close();
        }
    }
}
