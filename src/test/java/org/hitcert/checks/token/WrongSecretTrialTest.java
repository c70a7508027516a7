package org.hitcert.checks.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which token request shapes prove that a refusal was about the wrong secret (DESIGN rule 8). */
class WrongSecretTrialTest {

    private static TwinRequest.Answer answer(int status, String error) {
        return new TwinRequest.Answer(status, false, Optional.ofNullable(error), Optional.empty());
    }

    @Test
    void whenTheRegisteredCredentialGetsAnotherAnswerThenTheShapeTellsTheSecrets() {
        assertThat(WrongSecretTrial.tells(answer(400, "invalid_grant"), answer(401, "invalid_client"))).isTrue();
        // Glewlwyd 2.7: a wrong secret → 403 unauthorized_client, the registered one → invalid_grant for a made-up code
        assertThat(WrongSecretTrial.tells(answer(400, "invalid_grant"), answer(403, "unauthorized_client"))).isTrue();
    }

    @Test
    void whenBothGetTheSameAnswerThenTheRefusalMayHaveAnotherCause() {
        // Glewlwyd 2.7 answers a made-up refresh token 400 with no body, whatever the secret
        assertThat(WrongSecretTrial.tells(answer(400, null), answer(400, null))).isFalse();
    }

    @Test
    void whenTheRegisteredCredentialFailsToAuthenticateThenNothingIsTold() {
        assertThat(WrongSecretTrial.tells(answer(401, "invalid_client"), answer(400, "invalid_request"))).isFalse();
        assertThat(WrongSecretTrial.tells(answer(400, "invalid_client"), answer(401, null))).isFalse();
    }
}
