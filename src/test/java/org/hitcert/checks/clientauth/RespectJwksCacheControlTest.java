package org.hitcert.checks.clientauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RespectJwksCacheControlTest {

    private static final TokenAnswer ISSUED = new TokenAnswer(200, true, Optional.empty(), true);
    private static final TokenAnswer REFUSED = new TokenAnswer(401, false, Optional.of("invalid_client"), true);

    @Test
    void whenNewKeyIsAcceptedAndRemovedKeyRefusedThenPass() {
        assertThat(RespectJwksCacheControl.decide(ISSUED, REFUSED)).isEmpty();
    }

    @Test
    void whenRemovedKeyStillAuthenticatesThenFailNamesTheStaleKey() {
        assertThat(RespectJwksCacheControl.decide(ISSUED, ISSUED)).get().asString()
                .contains("removed key still authenticated (200 with an access token)");
    }

    @Test
    void whenNewKeyIsRefusedThenFailNamesTheOldJwks() {
        assertThat(RespectJwksCacheControl.decide(REFUSED, REFUSED)).get().asString()
                .contains("new key was refused (401 invalid_client)");
    }

    @Test
    void whenBothAreWrongThenTheSecurityOutcomeIsNamedFirst() {
        assertThat(RespectJwksCacheControl.decide(REFUSED, ISSUED)).get().asString().contains("removed key still authenticated");
    }
}
