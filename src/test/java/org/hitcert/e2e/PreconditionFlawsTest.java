package org.hitcert.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hitcert.checks.CheckCatalog;
import org.hitcert.model.Verdict;
import org.hitcert.reference.Flaw;
import org.junit.jupiter.api.Test;

/**
 * The suite's proof that a broken precondition (a client locked out, a host the suite serves made unreachable) never
 * turns into a PASS: under each precondition flaw of the reference ({@link Flaw#precondition()}), the checks whose
 * proof it removes end INCONCLUSIVE, and the other checks of their area that need no browser still PASS.
 */
class PreconditionFlawsTest {

    private static final CheckCatalog CATALOG = CheckCatalog.standard();

    /** The clientauth checks that need no browser (the baseline check drives code flows). */
    private static List<String> clientAuthChecks() {
        return CATALOG.all().stream().filter(c -> c.info().area().equals("clientauth") && !c.info().browser())
                .map(c -> c.info().id()).toList();
    }

    private static void assertOutcomes(Flaw flaw, Set<String> inconclusive) {
        assertThat(flaw.precondition()).as(flaw.id() + " is a precondition flaw").isTrue();
        List<String> only = clientAuthChecks();
        Map<String, SuiteRun.Outcome> outcomes = SuiteRun.reference(List.of(flaw.id()), only);
        assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(only);
        Map<String, String> wrong = outcomes.entrySet().stream()
                .filter(e -> e.getValue().verdict() != (inconclusive.contains(e.getKey()) ? Verdict.INCONCLUSIVE : Verdict.PASS))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().verdict() + ": " + e.getValue().reason()));
        assertThat(wrong).as("under " + flaw.id() + ", expected INCONCLUSIVE for " + inconclusive + " and PASS for the rest")
                .isEmpty();
    }

    @Test
    void whenEveryFailedAssertionLocksTheClientThenNoClientAuthCheckPassesOnUnprovenRefusals() {
        // each check's first refused variant locks its client for 60 s, beyond the probe's wait: nothing can be proven
        assertOutcomes(Flaw.ASSERTION_CLIENT_LOCKOUT, Set.copyOf(clientAuthChecks()));
    }

    @Test
    void whenTheCandidateCannotReachTheSuitesHostThenTheHostedKeyChecksAreInconclusive() {
        assertOutcomes(Flaw.SUITE_HOSTS_UNREACHABLE, Set.of("clientauth.assertion.header-keys",
                "clientauth.assertion.jwks-cache", "clientauth.assertion.duplicate-kid"));
    }

    /**
     * Checks that judge only what a throttle in front of the API leaves served (TLS, discovery, registration, logout):
     * they may PASS while the suite is throttled; no other check may.
     */
    private static boolean untouchedByTheThrottle(String check) {
        return check.startsWith("transport.") || check.startsWith("dcr.") || check.equals("crosssite.open-redirect.refused")
                || List.of("discovery.oidc.consistent", "discovery.endpoints.https", "discovery.auth-signing-algs.no-none",
                "discovery.jwks.public-only").contains(check);
    }

    @Test
    void whenTheCandidateThrottlesTheSuiteThenNothingIsJudgedOnAThrottledAnswer() {
        // DESIGN rule 9: a 429 is the throttle's answer, not the endpoint's; every check that met one ends INCONCLUSIVE
        // naming it (the HTTP client's answers and the browser's top-level pages alike), never PASS, FAIL or ERROR
        List<String> only = new java.util.ArrayList<>(CATALOG.all().stream().filter(c -> !c.info().browser())
                .map(c -> c.info().id()).toList());
        only.addAll(List.of("authorize.prompt-none.no-ui", "crosssite.framing.refused", "compat.browsers.code-flow",
                "crosssite.error-pages.escaped", "token.code.expires"));
        Map<String, SuiteRun.Outcome> outcomes = SuiteRun.reference(List.of(Flaw.SUITE_RATE_LIMITED.id()), only);
        Map<String, String> wrong = outcomes.entrySet().stream()
                .filter(e -> untouchedByTheThrottle(e.getKey()) ? e.getValue().verdict() != Verdict.PASS
                        : e.getValue().verdict() != Verdict.INCONCLUSIVE)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().verdict() + ": " + e.getValue().reason()));
        assertThat(wrong).as("under suite-rate-limited: INCONCLUSIVE unless the check needs no throttled endpoint").isEmpty();
        assertThat(outcomes.get("vuln.malformed-input.handled").reason()).contains("429");
        assertThat(outcomes.get("token.password-grant.refused").reason()).contains("the candidate throttled the suite: 429");
    }

    private static void assertAllPass(Flaw flaw, List<String> only) {
        Map<String, SuiteRun.Outcome> outcomes = SuiteRun.reference(List.of(flaw.id()), only);
        assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(only);
        Map<String, String> notPassing = outcomes.entrySet().stream().filter(e -> e.getValue().verdict() != Verdict.PASS)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().verdict() + ": " + e.getValue().reason()));
        assertThat(notPassing).as("under the interop switch " + flaw.id() + " every check decides as on the clean reference")
                .isEmpty();
    }

    @Test
    void whenRevocationAcceptsOnlyTheTokenEndpointOrIssuerAsAudienceThenTheRevocationChecksStillPass() {
        // issue 18 A5: an assertion addressed to the revocation URL is refused there; the suite must use the token URL
        assertAllPass(Flaw.ASSERTION_AUD_TOKEN_OR_ISSUER_ONLY, List.of("token.revocation.invalid-token",
                "token.revocation.authorization", "token.revocation.hint", "token.introspection.active",
                "token.introspection.form-post", "token.client-credentials.no-refresh", "bearer.revoked-token.refused"));
    }

    @Test
    void whenAssertionsNeedAClientIdThenThePrivateKeyJwtChecksStillPass() {
        // issue 18 A6: a request without client_id is refused; the suite retries its baseline with one and keeps it
        List<String> only = new java.util.ArrayList<>(CATALOG.all().stream().filter(c -> c.info().area().equals("clientauth"))
                .map(c -> c.info().id()).toList());
        only.addAll(List.of("smart.backend.flow", "smart.backend.scope-mediated", "token.revocation.invalid-token",
                "token.client-credentials.no-refresh", "bearer.revoked-token.refused"));
        assertAllPass(Flaw.ASSERTION_CLIENT_ID_REQUIRED, only);
    }
}
