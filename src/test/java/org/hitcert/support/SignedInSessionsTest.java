package org.hitcert.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.model.Evidence;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A check that needs a code and not a login gets it over the run's signed-in session (single sign-on), without the
 * browser; anything the server wants of the user (a consent page), and any request that asks for an interaction, goes
 * to the browser; a flow that does not share never rides on the session; cookie values never reach the evidence.
 */
class SignedInSessionsTest {

    @Test
    void cookiesGoOnlyWhereTheBrowserWouldSendThem() {
        SignedInSessions.Cookie hostOnly = new SignedInSessions.Cookie("s", "v", "as.example", true, "/", true);
        assertTrue(hostOnly.matches(URI.create("https://as.example/authorize")));
        assertFalse(hostOnly.matches(URI.create("https://sub.as.example/authorize")), "host-only cookie sent to a subdomain");
        assertFalse(hostOnly.matches(URI.create("http://as.example/authorize")), "secure cookie sent over plain HTTP");
        assertFalse(hostOnly.matches(URI.create("https://evil.example/authorize")));
        SignedInSessions.Cookie domain = new SignedInSessions.Cookie("s", "v", ".as.example", false, "/oauth", false);
        assertTrue(domain.matches(URI.create("https://login.as.example/oauth/authorize")));
        assertTrue(domain.matches(URI.create("https://as.example/oauth")));
        assertFalse(domain.matches(URI.create("https://as.example/oauthx")), "path prefix without a slash boundary");
        assertFalse(domain.matches(URI.create("https://as.example/other")));
    }

    @Test
    void onlyPlainCodeRequestsAreReplayed() {
        assertTrue(SignedInSessions.replayable(Map.of("response_type", "code", "scope", "openid", "state", "x")));
        assertFalse(SignedInSessions.replayable(Map.of("response_type", "code", "prompt", "login")));
        assertFalse(SignedInSessions.replayable(Map.of("response_type", "code", "max_age", "0")));
        assertFalse(SignedInSessions.replayable(Map.of("response_type", "code", "response_mode", "form_post")));
        assertFalse(SignedInSessions.replayable(Map.of("response_type", "code id_token")));
    }

    @Test
    void whenACheckSharesTheLoginThenLaterCodesComeOverTheSessionAndTheUserIsAskedOnlyWhenTheServerWantsHim() throws Exception {
        Assumptions.assumeTrue(ReferenceFlowRig.chromiumInstalled(), "Chromium is not installed");
        try (ReferenceFlowRig rig = new ReferenceFlowRig()) {
            SignedInSessions sessions = new SignedInSessions(rig.redactor);
            ClientSpec client = rig.publicClient;
            UserSpec user = rig.defaultUser;
            AtomicInteger taken = new AtomicInteger();

            // check 1 shares the login, and the run has no session yet: it logs in, in the browser
            Step first = new Step(rig, sessions, taken);
            assertTrue(first.flow.authorize(client, user, Map.of()).param("code").isPresent(), "the first flow gave a code");
            assertEquals(1, taken.get(), "the first flow logged in with the browser");
            assertTrue(sessions.has("default"), "the login gave the run a signed-in session");
            List<SignedInSessions.Cookie> loginCookies = rig.browser.cookiesFor(URI.create(rig.reference.issuer() + "/authorize"))
                    .orElseThrow();
            assertFalse(loginCookies.isEmpty(), "the login left cookies at the authorization server");

            // check 2 shares it too: a code without the browser, and the code redeems
            Step second = new Step(rig, sessions, taken);
            CodeFlow.Authorization auth = second.flow.authorize(client, user, Map.of());
            assertEquals(1, taken.get(), "the second flow took the browser");
            String code = auth.param("code").orElseThrow();
            assertEquals(200, second.flow.redeem(client, code, auth.redirectUri(), auth.pkce().verifier()).status());
            assertTrue(second.log.items().stream().anyMatch(e -> e.title().equals("authorization response (single sign-on)")),
                    "the evidence says the code came over the signed-in session");
            String evidence = second.log.items().toString();
            assertTrue(evidence.contains("Cookie"), "the replayed request's Cookie header is in the evidence");
            for (SignedInSessions.Cookie c : loginCookies) {
                assertFalse(evidence.contains(c.value()), "a session cookie value reached the evidence");
            }
            assertArrayEquals(new int[] {1, 0}, sessions.counts());

            // a request that asks for a login (prompt=login) is never replayed
            assertTrue(new Step(rig, sessions, taken).flow.authorize(client, user, Map.of("prompt", "login")).param("code").isPresent());
            assertEquals(2, taken.get(), "prompt=login went to the browser");

            // another scope needs the user's consent: the server answers with a page, and the browser does the flow
            Map<String, String> otherScope = Map.of("scope", "openid fhirUser");
            assertTrue(new Step(rig, sessions, taken).flow.authorize(client, user, otherScope).param("code").isPresent());
            assertEquals(3, taken.get(), "the consent page went to the browser");
            assertArrayEquals(new int[] {1, 1}, sessions.counts());

            // that login (with its consent) is the run's second session: the same scope again needs no browser
            assertTrue(new Step(rig, sessions, taken).flow.authorize(client, user, otherScope).param("code").isPresent());
            assertEquals(3, taken.get(), "the consented scope came over the second session");
            assertArrayEquals(new int[] {2, 1}, sessions.counts());

            // a check that does not share the login never rides on the session
            Step own = new Step(rig, null, taken);
            assertTrue(own.flow.authorize(client, user, Map.of()).param("code").isPresent());
            assertEquals(4, taken.get(), "a check with a login of its own used the browser");
            assertArrayEquals(new int[] {2, 1}, sessions.counts());
            assertTrue(own.log.items().stream().map(Evidence::title).noneMatch(t -> t.contains("single sign-on")));
        }
    }

    /** One check's flow, as the run builds it: a reset browser, taken (and counted) only when the flow needs it. */
    private static final class Step {
        final EvidenceLog log = new EvidenceLog();
        final CodeFlow flow;

        Step(ReferenceFlowRig rig, SignedInSessions sessions, AtomicInteger taken) {
            rig.browser.reset();
            Supplier<BrowserSession> browser = () -> {
                taken.incrementAndGet();
                return new BrowserSession(rig.browser, log, rig.redactor, rig.screenshots);
            };
            flow = new CodeFlow(rig.target, rig.http.recordingInto(log), browser, new ClientAuth(System::getenv, rig.redactor),
                    rig.redactor, System::getenv, Duration.ofSeconds(10), sessions);
        }
    }
}
