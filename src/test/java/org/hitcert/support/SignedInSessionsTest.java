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
 * browser; a consent the server wants is given in the browser over that session, without a new login; any request
 * that asks for an interaction goes to the browser; a flow that does not share never rides on the session; cookie
 * values never reach the evidence.
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

    /**
     * A scripted authorization server on loopback: /authorize answers what {@code answer} says for the request's cookie
     * header (a 302 with its Location, or a 200 page), and records each Cookie header it got.
     */
    private static com.sun.net.httpserver.HttpsServer server(java.util.function.Function<String, String> answer,
                                                               List<String> cookiesSeen) throws Exception {
        com.sun.net.httpserver.HttpsServer server = LoopbackServers.https(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 8);
        server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(LoopbackTls.shared().context()));
        server.createContext("/", ex -> {
            String cookie = ex.getRequestHeaders().getFirst("Cookie");
            cookiesSeen.add(String.valueOf(cookie));
            String location = answer.apply(ex.getRequestURI().getPath() + " " + cookie);
            if (location == null) {
                byte[] page = "<form><input id=username></form>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, page.length);
                ex.getResponseBody().write(page);
            } else {
                ex.getResponseHeaders().add("Location", location);
                ex.getResponseHeaders().add("Set-Cookie", "sid=rotated-session-value; Path=/; Secure; HttpOnly");
                ex.sendResponseHeaders(302, -1);
            }
            ex.close();
        });
        server.start();
        return server;
    }

    @Test
    void aReplayFollowsTheServersOwnRedirectsAndLeavesInteractionErrorsAndOtherHostsToTheBrowser() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        String redirect = "https://127.0.0.1:1/callback";
        com.sun.net.httpserver.HttpsServer server = server(req -> {
            if (req.startsWith("/authorize ") && req.contains("sid=good")) {
                return "/resume"; // a hop on the same host first, which rotates the session cookie
            }
            if (req.startsWith("/resume ") && req.contains("sid=rotated-session-value")) {
                return redirect + "?code=the-code-value&state=s";
            }
            if (req.startsWith("/authorize ") && req.contains("sid=stale")) {
                return redirect + "?error=login_required&state=s";
            }
            if (req.startsWith("/authorize ") && req.contains("sid=elsewhere")) {
                return "https://localhost:1/other-host-login";
            }
            return null;
        }, seen);
        String base = "https://127.0.0.1:" + server.getAddress().getPort();
        Redactor redactor = new Redactor();
        Http http = new Http(Tls.trusting(List.of(LoopbackTls.shared().certificate())), new HostPolicy(List.of("127.0.0.1")),
                redactor, Duration.ofSeconds(5), 64 * 1024);
        try {
            URI request = URI.create(base + "/authorize?response_type=code&state=s");
            java.util.function.Predicate<String> atRedirect = url -> url.startsWith(redirect);
            SignedInSessions.Cookie scoped = new SignedInSessions.Cookie("other", "not-for-this-path", "127.0.0.1", true,
                    "/elsewhere", true);

            SignedInSessions good = new SignedInSessions(redactor);
            good.remember("default", List.of(new SignedInSessions.Cookie("sid", "good", "127.0.0.1", true, "/", true), scoped),
                    "Mozilla/5.0 test");
            SignedInSessions.Replay replay = good.replay(http, "default", request, atRedirect).orElseThrow();
            assertEquals(redirect + "?code=the-code-value&state=s", replay.landedAt());
            assertEquals(List.of("sid=good", "sid=rotated-session-value"), seen, "cookies sent: the path-scoped one never");

            for (String stale : List.of("stale", "elsewhere", "unknown")) {
                SignedInSessions s = new SignedInSessions(redactor);
                s.remember("default", List.of(new SignedInSessions.Cookie("sid", stale, "127.0.0.1", true, "/", true)), null);
                assertTrue(s.replay(http, "default", request, atRedirect).isEmpty(), "sid=" + stale + " must go to the browser");
                assertArrayEquals(new int[] {0, 1, 0}, s.counts());
            }
            assertTrue(good.replay(http, "other-user", request, atRedirect).isEmpty(), "no session of that user");
        } finally {
            http.close();
            server.stop(0);
        }
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
            assertArrayEquals(new int[] {1, 0, 0}, sessions.counts());

            // a request that asks for a login (prompt=login) is never replayed
            assertTrue(new Step(rig, sessions, taken).flow.authorize(client, user, Map.of("prompt", "login")).param("code").isPresent());
            assertEquals(2, taken.get(), "prompt=login went to the browser");

            // another scope needs the user's consent: the server answers with a page, and the browser, given the
            // signed-in session, does only the consent steps
            Map<String, String> otherScope = Map.of("scope", "openid fhirUser");
            Step consent = new Step(rig, sessions, taken);
            assertTrue(consent.flow.authorize(client, user, otherScope).param("code").isPresent());
            assertEquals(3, taken.get(), "the consent page went to the browser");
            assertArrayEquals(new int[] {1, 1, 1}, sessions.counts());
            Evidence consented = consent.log.items().stream()
                    .filter(e -> e.title().equals("authorization response (consent over single sign-on)")).findFirst().orElseThrow();
            assertTrue(String.valueOf(consented.details().get("text")).contains("consent steps (1 done)"),
                    "the consent step, and no login step, was done: " + consented.details());
            String consentEvidence = consent.log.items().toString();
            for (SignedInSessions.Cookie c : loginCookies) {
                assertFalse(consentEvidence.contains(c.value()), "a session cookie value reached the evidence");
            }

            // that consent is the session's now: the same scope again needs no browser
            assertTrue(new Step(rig, sessions, taken).flow.authorize(client, user, otherScope).param("code").isPresent());
            assertEquals(3, taken.get(), "the consented scope came over the session");
            assertArrayEquals(new int[] {2, 1, 1}, sessions.counts());

            // a check that does not share the login never rides on the session
            Step own = new Step(rig, null, taken);
            assertTrue(own.flow.authorize(client, user, Map.of()).param("code").isPresent());
            assertEquals(4, taken.get(), "a check with a login of its own used the browser");
            assertArrayEquals(new int[] {2, 1, 1}, sessions.counts());
            assertTrue(own.log.items().stream().map(Evidence::title).noneMatch(t -> t.contains("single sign-on")));
        }
    }

    @Test
    void offlineAccessIsLeftOutOfTheScopeAndNothingElse() {
        assertEquals("openid patient/*.rs", CodeFlow.scopeWithoutOfflineAccess(" openid  offline_access patient/*.rs"));
        assertEquals("openid profile", CodeFlow.scopeWithoutOfflineAccess("openid profile"));
        assertEquals("offline_access", CodeFlow.scopeWithoutOfflineAccess("offline_access"), "nothing else to ask for");
    }

    /**
     * A check that reads no refresh token asks, over the signed-in session, for the client's scope without
     * offline_access (a server may answer it with a forced login and consent every time: OpenID Connect Core §11); a
     * check that reads refresh tokens, and any flow that logs in on its own, asks for the scope as registered.
     */
    @Test
    void whenACheckReadsNoRefreshTokenThenItsSharedRequestsLeaveOfflineAccessOut() throws Exception {
        Assumptions.assumeTrue(ReferenceFlowRig.chromiumInstalled(), "Chromium is not installed");
        try (ReferenceFlowRig rig = new ReferenceFlowRig()) {
            SignedInSessions sessions = new SignedInSessions(rig.redactor);
            ClientSpec client = rig.publicClient;
            UserSpec user = rig.defaultUser;
            AtomicInteger taken = new AtomicInteger();
            assertTrue(scopes(client.scope()).contains("offline_access"), "precondition: the client's scope has it");

            CodeFlow.Authorization refreshReader = new Step(rig, sessions, taken).flow.authorize(client, user, Map.of());
            assertTrue(scopes(requested(refreshReader)).contains("offline_access"), "a refresh-reading check asks for it");

            CodeFlow.Authorization codeOnly = new Step(rig, sessions, taken).flow.withoutOfflineAccess()
                    .authorize(client, user, Map.of());
            assertEquals(CodeFlow.scopeWithoutOfflineAccess(client.scope()), requested(codeOnly));
            assertTrue(codeOnly.param("code").isPresent(), "the narrower request still gave a code");
            CodeFlow.Authorization explicit = new Step(rig, sessions, taken).flow.withoutOfflineAccess()
                    .authorize(client, user, Map.of("scope", "openid offline_access fhirUser"));
            assertEquals("openid fhirUser", requested(explicit), "a scope the check names loses it too");

            CodeFlow.Authorization ownLogin = new Step(rig, null, taken).flow.withoutOfflineAccess()
                    .authorize(client, user, Map.of());
            assertEquals(client.scope(), requested(ownLogin), "a flow that does not share the login keeps the scope whole");
        }
    }

    private static String requested(CodeFlow.Authorization a) {
        return HttpRequestSpec.parseQuery(a.request().getRawQuery()).get("scope");
    }

    private static List<String> scopes(String scope) {
        return List.of(scope.trim().split("\\s+"));
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
