package org.hitcert.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.model.SecretRef;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 A10: when a login or a token request fails, the reason quotes what the server said: the login page's visible
 * error text and which step was the last, the token answer's {@code error} and {@code error_description}.
 */
class ReasonsQuoteTheServerTest {

    private static HttpExchange answer(int status, String body, Map<String, List<String>> headers) {
        return new HttpExchange(HttpRequestSpec.postForm(URI.create("https://as.example/token"), "grant_type", "refresh_token"),
                status, headers, body, false, Duration.ofMillis(5));
    }

    @Test
    void whenATokenRequestFailsThenTheSummaryQuotesErrorAndDescription() {
        assertEquals("400 from POST https://as.example/token: invalid_grant (\"Offline tokens not allowed\")",
                answer(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Offline tokens\\n  not allowed\"}", Map.of()).summary());
        assertEquals("401 from POST https://as.example/token: invalid_client",
                answer(401, "{\"error\":\"invalid_client\"}", Map.of()).summary());
        assertEquals("401 from POST https://as.example/token: invalid_token (\"expired\")", answer(401, "",
                Map.of("WWW-Authenticate", List.of("Bearer realm=\"x\", error=\"invalid_token\", error_description=\"expired\""))).summary());
        assertEquals("200 from POST https://as.example/token", answer(200, "{\"error\":\"not-an-error\"}", Map.of()).summary());
        assertEquals("500 from POST https://as.example/token", answer(500, "<html>oops</html>", Map.of()).summary());
    }

    @Test
    void whenTheLoginIsRefusedThenTheReasonQuotesThePageAndTheLastStep() throws Exception {
        Assumptions.assumeTrue(ReferenceFlowRig.chromiumInstalled(), "Chromium is not installed");
        try (ReferenceFlowRig rig = new ReferenceFlowRig()) {
            UserSpec wrong = new UserSpec("default", rig.defaultUser.username(),
                    SecretRef.inMemory("a wrong password", "Wrong-" + Pkce.random(8)), rig.defaultUser.location());
            CodeFlow flow = new CodeFlow(rig.target, rig.http, new BrowserSession(rig.browser, new EvidenceLog(), rig.redactor,
                    rig.screenshots), new ClientAuth(System::getenv, rig.redactor), rig.redactor, System::getenv,
                    Duration.ofSeconds(3));
            CodeFlow.Authorization auth = flow.authorize(rig.publicClient, wrong, Map.of());
            String problem = auth.loginProblem().orElse("(none)");
            assertTrue(problem.contains("the page says \"Invalid username or password.\""), problem);
            assertTrue(problem.contains("still at the login page") && problem.contains("step 3, click 'button[type=submit]'"), problem);
        }
    }
}
