package org.hitcert.checks.smart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediateBackendScopesTest {

    @Test
    void whenScopeGrantsCreateUpdateOrDeleteThenItWrites() {
        assertThat(MediateBackendScopes.writes("system/*.cruds")).isTrue();
        assertThat(MediateBackendScopes.writes("system/Observation.c")).isTrue();
        assertThat(MediateBackendScopes.writes("system/Patient.write")).isTrue();
        assertThat(MediateBackendScopes.writes("system/*.*")).isTrue();
    }

    @Test
    void whenScopeOnlyReadsOrSearchesThenItDoesNotWrite() {
        assertThat(MediateBackendScopes.writes("system/*.rs")).isFalse();
        assertThat(MediateBackendScopes.writes("system/Observation.read")).isFalse();
        assertThat(MediateBackendScopes.writes("openid")).isFalse();
    }
}
