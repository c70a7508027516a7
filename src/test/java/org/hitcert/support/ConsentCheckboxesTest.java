package org.hitcert.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.hitcert.model.Candidate.LoginStep;
import org.hitcert.reference.Flaw;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 A14: a consent page that lists the scopes as unchecked boxes (the reference's consent-scope-checkboxes
 * switch) grants what the client asked for when the login automation has a {@code check} step, which ticks every box
 * its selector matches; without it the server grants none of them.
 */
class ConsentCheckboxesTest {

    @Test
    void whenTheStepsTickEveryScopeBoxThenTheGrantHasEveryScopeAndWithoutThemNone() throws Exception {
        Assumptions.assumeTrue(ReferenceFlowRig.chromiumInstalled(), "Chromium is not installed");
        try (ReferenceFlowRig rig = new ReferenceFlowRig(EnumSet.of(Flaw.CONSENT_SCOPE_CHECKBOXES))) {
            List<LoginStep> steps = rig.target.login();
            assertTrue(steps.stream().anyMatch(s -> s.action() == LoginStep.Action.CHECK && s.consent()),
                    "the reference's login automation ticks scope boxes with a check step");
            assertEquals(List.of(rig.publicClient.scope().split(" ")), granted(rig, steps), "every box ticked, every scope granted");

            rig.browser.reset();
            List<LoginStep> withoutCheck = steps.stream().filter(s -> s.action() != LoginStep.Action.CHECK).toList();
            assertEquals(List.of(), granted(rig, withoutCheck), "no box ticked, no scope granted");
        }
    }

    /** The scope of the token a flow with {@code steps} obtains. */
    private static List<String> granted(ReferenceFlowRig rig, List<LoginStep> steps) {
        CodeFlow flow = new CodeFlow(rig.target, rig.http, new BrowserSession(rig.browser, new EvidenceLog(), rig.redactor,
                rig.screenshots), new ClientAuth(System::getenv, rig.redactor), rig.redactor, System::getenv, Duration.ofSeconds(10));
        CodeFlow.Authorization auth = flow.authorize(rig.publicClient, rig.defaultUser, Map.of(), null, steps);
        String code = auth.param("code").orElseThrow(() -> new AssertionError("no code: " + auth.loginProblem() + " at " + auth.landedAt()));
        JsonNode token = flow.redeem(rig.publicClient, code, auth.redirectUri(), auth.pkce().verifier()).json().orElseThrow();
        String scope = token.path("scope").asText("");
        return scope.isBlank() ? List.of() : List.of(scope.split(" "));
    }
}
