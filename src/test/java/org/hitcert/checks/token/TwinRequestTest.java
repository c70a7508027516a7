package org.hitcert.checks.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Inconclusive;
import org.junit.jupiter.api.Test;

class TwinRequestTest {

    private static final TwinRequest.Answer ISSUED = new TwinRequest.Answer(200, true, Optional.empty(), Optional.empty());

    private static TwinRequest.Answer refused(String error, String description) {
        return new TwinRequest.Answer(400, false, Optional.of(error), Optional.ofNullable(description));
    }

    @Test
    void whenTheTwinSucceededThenTheReasonShowsEachRefusalBesideIt() {
        Map<String, TwinRequest.Answer> refused = new LinkedHashMap<>();
        refused.put("the identical replay", refused("invalid_grant", "authorization code already used"));
        refused.put("the replay without code_verifier", refused("invalid_grant", null));
        assertThat(TwinRequest.decide("the first redemption", ISSUED, refused))
                .isEqualTo("the identical replay → 400 invalid_grant (\"authorization code already used\"); the replay without "
                        + "code_verifier → 400 invalid_grant; its twin (the first redemption) → 200 with an access token");
    }

    @Test
    void whenTheTwinWasRefusedTooThenInconclusiveNeverPass() {
        assertThatThrownBy(() -> TwinRequest.decide("another client's own fresh code", refused("invalid_client",
                "client authentication failed"), Map.of("client B redeems A's code", refused("invalid_client", null))))
                .isInstanceOf(Inconclusive.class)
                .hasMessageContaining("twin request (another client's own fresh code) was refused too (400 invalid_client "
                        + "(\"client authentication failed\"))")
                .hasMessageContaining("may have another cause");
    }

    @Test
    void whenAVariantReleasedATokenThenTheCallerHadToFailItFirst() {
        assertThatThrownBy(() -> TwinRequest.decide("twin", ISSUED, Map.of("replay", ISSUED)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenTheDescriptionEchoesATokenThenItIsElidedAndCapped() {
        assertThat(TwinRequest.quotable("code abcdefghijklmnopqrstuvwxyz0123456789 is\nunknown")).isEqualTo("code … is unknown");
        assertThat(TwinRequest.quotable("x ".repeat(100))).hasSize(120);
    }
}
