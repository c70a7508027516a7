package org.hitcert.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.hitcert.support.AuthorizationEnding.Kind;
import org.hitcert.support.AuthorizationEnding.Seen;
import org.hitcert.support.RefusalDecision.Outcome;
import org.junit.jupiter.api.Test;

/** Every branch of the one decision of how a browser authorization request ended, and of the refusal over it. */
class AuthorizationEndingTest {

    private static final URI AUTHORIZE = URI.create("https://as.example/authorize?client_id=c");
    private static final String LOGIN_PROBLEM = "login step 1 (fill '#username', reference) found no element on "
            + "https://as.example/authorize within 20 s";

    private static Seen stopped(String at, int steps, Optional<String> problem, boolean formShown, Integer status, String text) {
        return new Seen(false, Map.of(), at, AUTHORIZE, steps, problem, formShown,
                status == null ? OptionalInt.empty() : OptionalInt.of(status), text, Optional.of("authorization stopped"));
    }

    private static AuthorizationEnding decide(Seen s) {
        return AuthorizationEnding.decide(s);
    }

    @Test
    void whenTheRedirectCarriesACodeThenCode() {
        AuthorizationEnding e = decide(Seen.atRedirect(Map.of("code", "x", "state", "s"), "http://127.0.0.1:1/cb?code=…", AUTHORIZE));
        assertThat(e.kind()).isEqualTo(Kind.CODE);
        assertThat(decide(Seen.atRedirect(Map.of("access_token", "t"), "http://127.0.0.1:1/cb#…", AUTHORIZE)).kind())
                .isEqualTo(Kind.CODE);
    }

    @Test
    void whenTheRedirectCarriesAnErrorThenErrorRedirectQuotingIt() {
        AuthorizationEnding e = decide(Seen.atRedirect(Map.of("error", "invalid_request", "error_description",
                "code_challenge is required"), "http://127.0.0.1:1/cb?error=invalid_request", AUTHORIZE));
        assertThat(e.kind()).isEqualTo(Kind.ERROR_REDIRECT);
        assertThat(e.detail()).contains("error=invalid_request").contains("code_challenge is required");
        assertThat(e.refusalLike()).isTrue();
    }

    @Test
    void whenTheRedirectCarriesNeitherThenUndecided() {
        assertThat(decide(Seen.atRedirect(Map.of("state", "s"), "http://127.0.0.1:1/cb?state=s", AUTHORIZE)).kind())
                .isEqualTo(Kind.UNDECIDED);
    }

    @Test
    void whenTheFirstStepFindsNoElementAtTheServerThenNoLoginOffered() {
        AuthorizationEnding e = decide(stopped("https://as.example/authorize?x=1", 0, Optional.of(LOGIN_PROBLEM), false, 400,
                "error: Unknown or missing client."));
        assertThat(e.kind()).isEqualTo(Kind.NO_LOGIN_OFFERED);
        assertThat(e.detail()).contains("HTTP 400").contains("Unknown or missing client").contains("screenshot");
    }

    @Test
    void whenTheFirstStepFindsNoElementOnA500ThenServerErrorWithTheStatus() {
        AuthorizationEnding e = decide(stopped("https://as.example/authorize?x=1", 0, Optional.of(LOGIN_PROBLEM), false, 500,
                "Internal Server Error"));
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.detail()).contains("HTTP 500");
        assertThat(e.refusalLike()).isFalse();
    }

    @Test
    void whenAStepAfterTheFirstFailsThenUndecided() {
        AuthorizationEnding e = decide(stopped("https://as.example/authorize?x=1", 2, Optional.of("login step 3 (click "
                + "'button[type=submit]') found no element"), false, 200, "sign in"));
        assertThat(e.kind()).isEqualTo(Kind.UNDECIDED);
        assertThat(e.detail()).contains("login step 3").contains("2 steps done");
    }

    @Test
    void whenTheLoginFormIsShownAgainAfterTheStepsThenUndecided() {
        assertThat(decide(stopped("https://as.example/login", 3, Optional.empty(), true, 200, "Invalid username or password"))
                .kind()).isEqualTo(Kind.UNDECIDED);
    }

    @Test
    void whenTheStepsSucceededAndAnErrorPageFollowsThenErrorPageAfterLogin() {
        assertThat(decide(stopped("https://as.example/consent", 3, Optional.empty(), false, 400, "Oops")).kind())
                .isEqualTo(Kind.ERROR_PAGE_AFTER_LOGIN);
        AuthorizationEnding worded = decide(stopped("https://as.example/consent", 3, Optional.empty(), false, 200,
                "Error: unsupported response type"));
        assertThat(worded.kind()).isEqualTo(Kind.ERROR_PAGE_AFTER_LOGIN);
        assertThat(worded.detail()).contains("unsupported response type");
    }

    @Test
    void whenTheStepsSucceededAndAPageWithoutErrorFollowsThenUndecidedInterstitial() {
        AuthorizationEnding e = decide(stopped("https://as.example/welcome", 3, Optional.empty(), false, 200, "Welcome back"));
        assertThat(e.kind()).isEqualTo(Kind.UNDECIDED);
        assertThat(e.detail()).contains("interstitial");
        assertThat(decide(stopped("https://as.example/x", 0, Optional.empty(), false, 200, "")).kind()).isEqualTo(Kind.UNDECIDED);
    }

    @Test
    void whenTheBrowserCouldNotLoadAPageThenNavigationError() {
        assertThat(decide(stopped("chrome-error://chromewebdata/", 3, Optional.empty(), false, null, "")).kind())
                .isEqualTo(Kind.NAVIGATION_ERROR);
    }

    @Test
    void whenTheBrowserStoppedAtAnotherHostThenUndecided() {
        assertThat(decide(stopped("https://elsewhere.example/x", 0, Optional.of(LOGIN_PROBLEM), false, 500, "")).kind())
                .isEqualTo(Kind.UNDECIDED);
    }

    // -- the refusal over the ending and its positive control

    private static final AuthorizationEnding CODE = AuthorizationEnding.of(Kind.CODE, "the redirect carried a code");
    private static final AuthorizationEnding FORM = AuthorizationEnding.of(Kind.LOGIN_FORM, "the login form was offered");
    private static final AuthorizationEnding ERROR = AuthorizationEnding.of(Kind.ERROR_REDIRECT, "error=invalid_request");

    @Test
    void whenTheMutatedRequestGetsACodeThenGranted() {
        assertThat(RefusalDecision.decide("no code_challenge", CODE, Optional.empty()).outcome()).isEqualTo(Outcome.GRANTED);
    }

    @Test
    void whenARecognisedRefusalHasAPositiveControlThenRefused() {
        for (Kind k : new Kind[] {Kind.ERROR_REDIRECT, Kind.ERROR_PAGE_AFTER_LOGIN, Kind.NO_LOGIN_OFFERED}) {
            AuthorizationEnding m = AuthorizationEnding.of(k, "refused");
            assertThat(RefusalDecision.decide("m", m, Optional.of(CODE)).outcome()).as(k.name()).isEqualTo(Outcome.REFUSED);
            assertThat(RefusalDecision.decide("m", m, Optional.of(FORM)).outcome()).as(k.name()).isEqualTo(Outcome.REFUSED);
        }
        assertThat(RefusalDecision.decide("no code_challenge", ERROR, Optional.of(CODE)).reason())
                .isEqualTo("no code_challenge: error=invalid_request; the same request without it got a code");
    }

    @Test
    void whenThePositiveControlFailsOrIsMissingThenInconclusive() {
        for (AuthorizationEnding c : new AuthorizationEnding[] {ERROR, AuthorizationEnding.of(Kind.NO_LOGIN_OFFERED, "none"),
                AuthorizationEnding.of(Kind.UNDECIDED, "step 3"), AuthorizationEnding.of(Kind.SERVER_ERROR, "HTTP 500")}) {
            RefusalDecision d = RefusalDecision.decide("m", ERROR, Optional.of(c));
            assertThat(d.outcome()).as(c.toString()).isEqualTo(Outcome.INCONCLUSIVE);
            assertThat(d.reason()).contains("neither the login form nor a code").contains(c.detail());
        }
        assertThat(RefusalDecision.decide("m", ERROR, Optional.empty()).outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    }

    @Test
    void whenTheEndingIsNoRecognisedRefusalThenInconclusiveWhateverTheControl() {
        for (Kind k : new Kind[] {Kind.UNDECIDED, Kind.SERVER_ERROR, Kind.NAVIGATION_ERROR, Kind.LOGIN_FORM}) {
            RefusalDecision d = RefusalDecision.decide("m", AuthorizationEnding.of(k, "what happened"), Optional.of(CODE));
            assertThat(d.outcome()).as(k.name()).isEqualTo(Outcome.INCONCLUSIVE);
            assertThat(d.reason()).contains("no refusal recognised").contains("what happened");
        }
    }
}
