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
 * DESIGN rule 8 for the login automation: under the precondition flaw {@code login-submit-renamed} (the reference's
 * submit button is an {@code <input type=submit>}, so the candidate's {@code button[type=submit]} step finds nothing,
 * while a person signs in as before) no check FAILs, and no check whose verdict rests on a login PASSes: they say
 * INCONCLUSIVE, naming what did not work.
 *
 * <p>By default it runs the browser checks that conclude "the server refused X" from an authorization request (the
 * ones issue 17 found passing when the login automation failed) and the code flow itself; {@code
 * -Dhitcert.test.precondition=all} runs every browser check (about 12 minutes on 2 cores: every login of the run waits
 * out a step limit while it holds its account's turn). Runs alone: the other end-to-end tests would starve for browsers.
 */
class LoginPreconditionTest {

    private static final CheckCatalog CATALOG = CheckCatalog.standard();
    private static final boolean ALL = "all".equals(System.getProperty("hitcert.test.precondition"));

    /** The negative browser checks of the authorization endpoint, the code flow that is their positive control, and the re-authentication check (a login must be seen again). */
    static final Set<String> NEGATIVE_BROWSER_CHECKS = Set.of("authorize.code-flow.pkce", "authorize.pkce.required",
            "authorize.pkce.no-plain", "token.pkce.no-downgrade", "authorize.scope.unknown-refused",
            "authorize.response-type.unknown-refused", "authorize.params.no-duplicates", "authorize.response-type.no-implicit",
            "authorize.redirect-uri.exact-match", "authorize.state.verbatim", "login.reauth.prompt-max-age",
            // a code left to expire: it must not PASS a lifetime it never got a code to wait out
            "token.code.expires");

    /**
     * Browser checks that may PASS although the login automation is broken, each with the reason: their verdict rests
     * on nothing that needs a login (decided before any login page, with the login form itself as positive control, or
     * on a page the login does not reach).
     */
    static final Map<String, String> PASS_WITHOUT_LOGIN = Map.ofEntries(
            Map.entry("authorize.error.no-redirect-before-authn", "judges the answer to a request sent with no session, "
                    + "before any login: the login page it stays on is what it wants to see"),
            Map.entry("authorize.params.no-duplicates", "each repeated parameter is refused before any login (an error "
                    + "redirect or error page), beside the positive control: the request sent once gets the login form"),
            Map.entry("authorize.response-type.unknown-refused", "refused before any login by an error redirect, beside the "
                    + "positive control: the request with response_type=code gets the login form"),
            Map.entry("authorize.response-type.no-implicit", "token, id_token token and code token are refused before any "
                    + "login by error redirects, beside the positive control: the code request gets the login form"),
            Map.entry("authorize.prompt-none.no-ui", "prompt=none in a browser with no session must end without any page: "
                    + "login_required is decided with no login"),
            Map.entry("crosssite.cors.authorization-endpoint", "CORS answers to a foreign Origin, no login"),
            Map.entry("crosssite.cors.token-endpoint", "CORS answers to a foreign Origin, no login"),
            Map.entry("crosssite.cors.fhir-api", "CORS answers to a foreign Origin, no login"),
            Map.entry("crosssite.error-pages.escaped", "the error page for an unknown client, shown before any login"),
            Map.entry("crosssite.open-redirect.refused", "the logout endpoint's redirects, no login"),
            Map.entry("heart.client-auth.private-key-jwt-only", "client authentication at the token endpoint, no login"),
            // its positive control is the page's own form submitted first-party (a script submit, not the login steps):
            // a login that signs in without the automation's selectors, so a broken submit step does not undo the proof
            Map.entry("crosssite.login-csrf.refused", "submits the login form read from the page, not the login steps, "
                    + "beside its first-party control: the same form submitted by the login page signs the browser in"));

    /**
     * DESIGN rule 8: a flaw that breaks only the login automation (here the submit button the candidate's steps name) must
     * make no check FAIL, and no check whose verdict rests on a login PASS: they say INCONCLUSIVE, naming what did not
     * work. Every browser check runs (with a 2 s step limit: a step that fails sooner only adds INCONCLUSIVEs, which this test allows).
     */
    @Test
    void whenThePreconditionFlawBreaksTheLoginThenNoLoginDependentCheckPasses() {
        Flaw flaw = Flaw.LOGIN_SUBMIT_RENAMED;
        assertThat(flaw.precondition()).isTrue();
        assertThat(CATALOG.all().stream().filter(c -> c.info().flaws().contains(flaw.id())).map(c -> c.info().id()).toList())
                .as("checks naming the precondition flaw " + flaw.id()).isEmpty();
        List<String> browserChecks = CATALOG.all().stream().filter(c -> c.info().browser())
                .filter(c -> ALL || NEGATIVE_BROWSER_CHECKS.contains(c.info().id())).map(c -> c.info().id()).toList();
        if (!ALL) {
            assertThat(browserChecks).as("the negative browser checks named here exist").hasSize(NEGATIVE_BROWSER_CHECKS.size());
        }
        Map<String, SuiteRun.Outcome> outcomes = SuiteRun.reference(List.of(flaw.id()), browserChecks,
                Map.of(org.hitcert.engine.Settings.STEP_TIMEOUT, "2"));
        assertThat(outcomes.keySet()).as("checks run under " + flaw.id()).containsExactlyInAnyOrderElementsOf(browserChecks);
        Map<String, String> wrong = outcomes.entrySet().stream()
                .filter(e -> e.getValue().verdict() == Verdict.FAIL || e.getValue().verdict() == Verdict.ERROR
                        || e.getValue().verdict() == Verdict.PASS && !PASS_WITHOUT_LOGIN.containsKey(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().verdict() + ": " + e.getValue().reason()));
        assertThat(wrong).as("browser checks that FAIL, ERROR or PASS although the login automation is broken by " + flaw.id())
                .isEmpty();
    }

}
