package org.hitcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * doctor's hint for a flow that stopped quietly after the login steps (the walkthrough on oidc-provider: a consent page
 * the file did not cover yet): said then, and not when a login step itself failed (its own reason says what to fix).
 */
class PreflightHintTest {

    @Test
    void whenTheFlowStoppedAfterTheLoginStepsThenDoctorSuggestsThePageStepsOnlyThen() {
        assertThat(Preflight.hint("no access token for this check: the code flow gave no code (stopped at "
                + "https://127.0.0.1:9443/interaction/abc)")).contains("add its steps (consent: true");
        assertThat(Preflight.hint("the code flow gave no code (stopped at https://h/authorize?… login step 3 (click "
                + "'button[type=submit]', <reference>) found no element")).isEmpty();
        assertThat(Preflight.hint("the login steps ran … but the browser is still at the login page https://h/login; the "
                + "page says \"Invalid username or password\"")).isEmpty();
        assertThat(Preflight.hint("200 active:true")).isEmpty();
    }
}
