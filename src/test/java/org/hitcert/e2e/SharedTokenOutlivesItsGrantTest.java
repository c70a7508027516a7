package org.hitcert.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.hitcert.model.Verdict;
import org.hitcert.reference.Flaw;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 A8: against a server that keeps one grant per login session and client, and revokes every token of that
 * grant when a code is replayed, a rotated refresh token reused or any of its tokens revoked (the reference's
 * {@code grant-per-session} switch, a correct behaviour: oidc-provider's), the checks that replay and revoke run beside
 * the checks that read the run's shared token or take their own over the run's signed-in session, and none of these
 * FAILs a correct userinfo, introspection or FHIR answer on a token another check had revoked: a reused shared token is
 * probed before it is handed out, a FAIL on a token found dead afterwards is run again, and a check that revokes takes
 * its token from a login of its own.
 */
class SharedTokenOutlivesItsGrantTest {

    /** Checks that end grants: code replay, refresh reuse, revocation. */
    static final List<String> ENDERS = List.of("token.code.single-use", "token.code.replay-revokes",
            "token.refresh.reuse-revokes", "token.refresh.rotation", "token.revocation.refresh-token",
            "token.revocation.cascade", "userinfo.errors.challenge");
    /** Checks that read the run's shared token, or a token of their own taken over the run's signed-in session. */
    static final List<String> READERS = List.of("userinfo.methods.sub", "token.introspection.active",
            "token.response.members", "bearer.header.accepted", "idtoken.hashes.match", "heart.access-token.jwt-claims",
            "userinfo.claims.scope-limited");

    @Test
    void whenAReplayEndsTheSessionsGrantThenNoCheckFailsOnTheSharedToken() {
        assertThat(Flaw.GRANT_PER_SESSION.interop()).isTrue();
        List<String> only = java.util.stream.Stream.concat(ENDERS.stream(), READERS.stream()).toList();
        Map<String, SuiteRun.Outcome> outcomes = SuiteRun.reference(List.of(Flaw.GRANT_PER_SESSION.id()), only);
        assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(only);
        assertThat(outcomes).allSatisfy((id, o) -> assertThat(o.verdict()).as(id + ": " + o.reason()).isNotEqualTo(Verdict.FAIL));
        // the readers' token is in a grant of its own, which no replay over the run's signed-in session reaches; the
        // enders themselves still share that session with each other (see the note to the lead)
        for (String id : READERS) {
            assertThat(outcomes.get(id).verdict()).as(id + ": " + outcomes.get(id).reason()).isEqualTo(Verdict.PASS);
        }
    }
}
