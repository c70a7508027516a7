package org.hitcert.checks.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.hitcert.model.Candidate.LoginStep;
import org.hitcert.model.Location;
import org.junit.jupiter.api.Test;

class AcrVerdictTest {

    private static final String MFA = "urn:example:acr:mfa";

    @Test
    void whenSecondFactorDoneAndTokenSaysSoThenPass() {
        AcrVerdict v = AcrVerdict.decide("u", true, MFA, false, Optional.of(MFA), Optional.of(List.of("pwd", "otp")));
        assertThat(v.kind()).isEqualTo(AcrVerdict.Kind.PASS);
    }

    @Test
    void whenNoSecondFactorButMfaAcrClaimedThenFail() {
        AcrVerdict v = AcrVerdict.decide("u", false, MFA, false, Optional.of(MFA), Optional.of(List.of("pwd")));
        assertThat(v.kind()).isEqualTo(AcrVerdict.Kind.FAIL);
        assertThat(v.reason()).contains("overstates").contains("OIDC Core §2");
    }

    @Test
    void whenNoSecondFactorButAmrListsOtpThenFail() {
        AcrVerdict v = AcrVerdict.decide("u", false, MFA, false, Optional.of("urn:other"), Optional.of(List.of("pwd", "otp")));
        assertThat(v.kind()).isEqualTo(AcrVerdict.Kind.FAIL);
    }

    @Test
    void whenEssentialAcrUnmetAndTokensIssuedThenFail() {
        AcrVerdict v = AcrVerdict.decide("u", false, MFA, true, Optional.empty(), Optional.empty());
        assertThat(v.kind()).isEqualTo(AcrVerdict.Kind.FAIL);
        assertThat(v.reason()).contains("§5.5.1.1");
    }

    @Test
    void whenVoluntaryAcrUnmetButTokenHonestThenPassWithTheShouldNoted() {
        AcrVerdict v = AcrVerdict.decide("u", false, MFA, false, Optional.of("urn:pwd"), Optional.of(List.of("pwd")));
        assertThat(v.kind()).isEqualTo(AcrVerdict.Kind.PASS);
        assertThat(v.reason()).contains("voluntary");
    }

    @Test
    void whenSecondFactorDoneButEssentialAcrNotReturnedThenFail() {
        AcrVerdict v = AcrVerdict.decide("u", true, MFA, true, Optional.of("urn:pwd"), Optional.empty());
        assertThat(v.kind()).isEqualTo(AcrVerdict.Kind.FAIL);
    }

    @Test
    void whenPasswordStepsAreTakenThenConsentAndTrailingOptionalStepsAreLeftOut() {
        Location at = new Location("f", 1, 1);
        LoginStep user = new LoginStep(LoginStep.Action.FILL, "#u", "${user.username}", false, at);
        LoginStep banner = new LoginStep(LoginStep.Action.CLICK, "#cookies", "", true, at);
        LoginStep submit = new LoginStep(LoginStep.Action.CLICK, "#go", "", false, at);
        LoginStep totp = new LoginStep(LoginStep.Action.FILL, "#otp", "${user.totp}", true, at);
        LoginStep approve = new LoginStep(LoginStep.Action.CLICK, "#approve", "", true, at, true);
        assertThat(LoginAttempt.passwordSteps(List.of(user, banner, submit, totp, approve)))
                .containsExactly(user, banner, submit);
        assertThat(LoginSteps.withoutConsent(List.of(user, submit, totp, approve))).containsExactly(user, submit, totp);
        assertThat(LoginSteps.typesTotp(totp)).isTrue();
        assertThat(LoginSteps.at("http://127.0.0.1:1/cb?code=x", java.net.URI.create("http://127.0.0.1:1/cb"))).isTrue();
    }
}
