package org.hitcert.checks.clientauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RespectJwksCacheControlTest {

    private static final TokenAnswer ISSUED = new TokenAnswer(200, true, Optional.empty(), true);
    private static final TokenAnswer REFUSED = new TokenAnswer(401, false, Optional.of("invalid_client"), true);
    private static final TokenAnswer LOCKED = new TokenAnswer(429, false, Optional.of("invalid_client"), true,
            Optional.of("too many failed client authentications"), Optional.of(60L));

    @Test
    void whenNewKeyIsAcceptedRemovedKeyRefusedAndNewKeyAgainAcceptedThenPass() {
        assertThat(RespectJwksCacheControl.decide(ISSUED, REFUSED, ISSUED).kind()).isEqualTo(RefusalProof.Kind.PASS);
    }

    @Test
    void whenRemovedKeyStillAuthenticatesThenFailNamesTheStaleKey() {
        RefusalProof.Outcome o = RespectJwksCacheControl.decide(ISSUED, ISSUED, ISSUED);
        assertThat(o.kind()).isEqualTo(RefusalProof.Kind.FAIL);
        assertThat(o.reason()).contains("removed key still authenticated (200 with an access token)");
    }

    @Test
    void whenNewKeyIsRefusedThenFailNamesTheOldJwks() {
        RefusalProof.Outcome o = RespectJwksCacheControl.decide(REFUSED, REFUSED, REFUSED);
        assertThat(o.kind()).isEqualTo(RefusalProof.Kind.FAIL);
        assertThat(o.reason()).contains("new key was refused (401 invalid_client)");
    }

    @Test
    void whenBothAreWrongThenTheSecurityOutcomeIsNamedFirst() {
        assertThat(RespectJwksCacheControl.decide(REFUSED, ISSUED, REFUSED).reason()).contains("removed key still authenticated");
    }

    @Test
    void whenTheNewKeyIsRefusedRightAfterTheRemovedOneThenTheRefusalIsTheLocksAndInconclusive() {
        RefusalProof.Outcome o = RespectJwksCacheControl.decide(ISSUED, REFUSED, LOCKED);
        assertThat(o.kind()).isEqualTo(RefusalProof.Kind.INCONCLUSIVE);
        assertThat(o.reason()).contains("429 invalid_client").contains("Retry-After: 60");
    }

    @Test
    void whenTheNewKeyIsThrottledThenInconclusiveNotFail() {
        assertThat(RespectJwksCacheControl.decide(LOCKED, REFUSED, LOCKED).kind()).isEqualTo(RefusalProof.Kind.INCONCLUSIVE);
    }
}
