package org.hitcert.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.hitcert.reference.Flaw;
import org.hitcert.model.Verdict;
import org.junit.jupiter.api.Test;

/**
 * RFC 7662 §2.2 lets a server answer active:false for a token the caller may not introspect; Glewlwyd 2.7 does so for
 * every token of another client (the reference's {@code introspection-own-tokens-only} switch). Every check that judges a
 * token's liveness or details through introspection must then ask the token's own client, or defer to userinfo: none
 * may read another client's active:false as "revoked" (that PASSed token.revocation.hint on Glewlwyd, a real violation)
 * or as "no lifetime" (that FAILed token.refresh.gated).
 */
class IntrospectionOfOwnTokensTest {

    static final List<String> INTROSPECTING = List.of("token.code.replay-revokes", "token.introspection.active",
            "token.introspection.authorization", "token.introspection.form-post", "token.introspection.inactive",
            "token.refresh.gated", "token.revocation.authorization", "token.revocation.cascade", "token.revocation.hint",
            "userinfo.methods.sub");

    @Test
    void whenIntrospectionServesOnlyTheCallersOwnTokensThenEveryIntrospectingCheckStillPasses() {
        assertThat(Flaw.INTROSPECTION_OWN_TOKENS_ONLY.interop()).isTrue();
        Map<String, SuiteRun.Outcome> outcomes = SuiteRun.reference(List.of(Flaw.INTROSPECTION_OWN_TOKENS_ONLY.id()), INTROSPECTING);
        assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(INTROSPECTING);
        assertThat(outcomes).allSatisfy((id, o) -> assertThat(o.verdict()).as(id + ": " + o.reason()).isEqualTo(Verdict.PASS));
    }

    @Test
    void whenRevocationTrustsTheHintThenTheHintCheckFailsThoughIntrospectionHidesOtherClientsTokens() {
        Map<String, SuiteRun.Outcome> outcomes = SuiteRun.reference(List.of(Flaw.INTROSPECTION_OWN_TOKENS_ONLY.id(),
                Flaw.REVOCATION_TRUSTS_HINT.id()), List.of("token.revocation.hint"));
        assertThat(outcomes.get("token.revocation.hint").verdict()).as(outcomes.get("token.revocation.hint").reason())
                .isEqualTo(Verdict.FAIL);
    }
}
