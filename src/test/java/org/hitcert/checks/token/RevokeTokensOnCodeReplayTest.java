package org.hitcert.checks.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.hitcert.checks.CheckFailure;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.Poll;
import org.hitcert.checks.clientauth.TokenAnswer;
import org.junit.jupiter.api.Test;

class RevokeTokensOnCodeReplayTest {

    private static final TokenAnswer REFUSED = new TokenAnswer(400, false, Optional.of("invalid_grant"), true);
    private static final TokenAnswer ISSUED = new TokenAnswer(200, true, Optional.empty(), true);

    private static Poll.Result<Optional<TokenCalls.Use>> seen(Boolean alive, boolean met) {
        Optional<TokenCalls.Use> use = Optional.ofNullable(alive).map(a -> new TokenCalls.Use(a, "FHIR Patient/1 → "
                + (a ? 200 : 401)));
        return new Poll.Result<>(use, met, met ? 12 : 5000, met ? 1 : 6);
    }

    @Test
    void whenTheAccessTokenDiesAndTheRefreshTokenIsRefusedThenPass() {
        String reason = RevokeTokensOnCodeReplay.decide(REFUSED, seen(false, true), 5, Optional.of(REFUSED));
        assertThat(reason).contains("400 invalid_grant").contains("stopped working 12 ms later").contains("FHIR Patient/1 → 401")
                .contains("its refresh token → 400 invalid_grant");
    }

    @Test
    void whenNoRefreshTokenWasIssuedThenTheAccessTokenAloneDecides() {
        assertThat(RevokeTokensOnCodeReplay.decide(REFUSED, seen(false, true), 5, Optional.empty()))
                .contains("no refresh token was issued");
    }

    @Test
    void whenTheAccessTokenStillWorksAfterTheWindowThenFail() {
        assertThatThrownBy(() -> RevokeTokensOnCodeReplay.decide(REFUSED, seen(true, false), 5, Optional.of(REFUSED)))
                .isInstanceOf(CheckFailure.class).hasMessageContaining("still works 5 s after the replay (FHIR Patient/1 → 200)")
                .hasMessageContaining("RFC 6749 §4.1.2");
    }

    @Test
    void whenTheRefreshTokenStillRefreshesThenFailEvenThoughTheAccessTokenDied() {
        assertThatThrownBy(() -> RevokeTokensOnCodeReplay.decide(REFUSED, seen(false, true), 5, Optional.of(ISSUED)))
                .isInstanceOf(CheckFailure.class).hasMessageContaining("the first refresh token still refreshes (200 with an "
                        + "access token)");
    }

    @Test
    void whenTheRefreshTokenStillRefreshesAndTheAccessTokenCannotBeObservedThenFail() {
        assertThatThrownBy(() -> RevokeTokensOnCodeReplay.decide(REFUSED, seen(null, false), 5, Optional.of(ISSUED)))
                .isInstanceOf(CheckFailure.class);
    }

    @Test
    void whenNothingTellsWhetherTheAccessTokenWorksThenInconclusiveNeverPass() {
        assertThatThrownBy(() -> RevokeTokensOnCodeReplay.decide(REFUSED, seen(null, false), 5, Optional.of(REFUSED)))
                .isInstanceOf(Inconclusive.class).hasMessageContaining("neither the FHIR API, introspection nor userinfo");
    }
}
