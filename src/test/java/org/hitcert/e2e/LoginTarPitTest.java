package org.hitcert.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.hitcert.model.Verdict;
import org.hitcert.reference.Flaw;
import org.junit.jupiter.api.Test;

/**
 * A tar pit is a defence (RFC 6819 §5.1.4.2.5): under the interop switch {@code login-tar-pit} the reference answers the
 * lockout account's password submissions only after 6 s once it has 10 wrong passwords, and never locks it. The lockout
 * check PASSes on the server's answer time to that submission (from the browser's network events), the measure a
 * loaded machine cannot fake; the flaw {@code no-lockout} (an answer at once) FAILs it in the flaw meta-test.
 */
class LoginTarPitTest {

    @Test
    void whenTheServerHoldsItsAnswerAfterWrongPasswordsThenTheLockoutCheckPassesOnThatAnswerTime() {
        assertThat(Flaw.LOGIN_TAR_PIT.interop()).isTrue();
        Map<String, SuiteRun.Outcome> outcomes = SuiteRun.reference(List.of(Flaw.LOGIN_TAR_PIT.id()),
                List.of("login.lockout.bounded-attempts"));
        SuiteRun.Outcome o = outcomes.get("login.lockout.bounded-attempts");
        assertThat(o.verdict()).as(o.reason()).isEqualTo(Verdict.PASS);
        assertThat(o.reason()).contains("the server answered the password submission in").contains("throttled");
    }
}
