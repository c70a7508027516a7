package org.hitcert.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.hitcert.engine.Settings;
import org.hitcert.model.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 A7: a server that issues refresh tokens to confidential clients only (the reference's
 * {@code refresh-confidential-only} policy switch). The refresh and revocation checks take the confidential client's
 * refresh token and PASS saying so; the rows about public clients' refresh tokens are NOT_APPLICABLE with the
 * observation, never INCONCLUSIVE or FAIL. The same run has the server end a grant whose refresh token was presented in a
 * refused request ({@code refresh-ends-on-refused-use}, as Glewlwyd 2.7 does): the client-binding check's variants each
 * follow a positive control on a live token, so it still PASSes and says it took fresh grants (it was INCONCLUSIVE when the
 * control came after the variants).
 */
class RefreshPolicyTest {

    private static final List<String> PUBLIC_ROWS = List.of("token.refresh.rotation", "token.refresh.reuse-revokes");
    private static final List<String> ANY_CLIENT = List.of("token.refresh.scope-narrowing", "token.revocation.refresh-token",
            "token.revocation.cascade", "token.refresh.client-bound", "token.refresh.gated");

    @Test
    void whenRefreshTokensGoToConfidentialClientsOnlyAndARefusedUseEndsTheGrantThenPublicRowsAreNotApplicableAndTheRestPass() {
        List<String> only = new java.util.ArrayList<>(PUBLIC_ROWS);
        only.addAll(ANY_CLIENT);
        Map<String, SuiteRun.Outcome> outcomes = SuiteRun.reference(List.of("refresh-confidential-only", "refresh-ends-on-refused-use"), only,
                Map.of(Settings.CHECK_TIMEOUT, "600", Settings.PARALLELISM, "2"));
        for (String id : PUBLIC_ROWS) {
            assertThat(outcomes.get(id).verdict()).as(id + ": " + outcomes.get(id).reason()).isEqualTo(Verdict.NOT_APPLICABLE);
            assertThat(outcomes.get(id).reason()).contains("issues none to public clients")
                    .contains("public client reference-public's code flow").contains("gave no refresh token")
                    .contains("confidential client reference-confidential's did");
        }
        for (String id : ANY_CLIENT) {
            assertThat(outcomes.get(id).verdict()).as(id + ": " + outcomes.get(id).reason()).isEqualTo(Verdict.PASS);
        }
        assertThat(outcomes.get("token.refresh.client-bound").reason()).contains("the server ended the grant after 2 refused variants");
    }
}
