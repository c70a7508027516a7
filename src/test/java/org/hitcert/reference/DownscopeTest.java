package org.hitcert.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DownscopeTest {

    private static final List<String> REGISTERED = List.of("openid", "launch/patient", "patient/*.rs");

    @Test
    void whenWildcardWiderThanRegistrationThenReducedToWhatItAllows() {
        assertThat(Downscope.reduce("patient/*.cruds", REGISTERED)).containsExactly("patient/*.rs");
        assertThat(Downscope.reduce("patient/Observation.cruds", REGISTERED)).containsExactly("patient/Observation.rs");
        assertThat(Downscope.reduce("patient/*.rsu", List.of("patient/Observation.r"))).isEmpty(); // malformed order
        assertThat(Downscope.reduce("patient/*.cru", List.of("patient/Observation.r"))).containsExactly("patient/Observation.r");
    }

    @Test
    void whenRequestedInV1ThenAnsweredInV1() {
        assertThat(Downscope.reduce("patient/*.*", REGISTERED)).containsExactly("patient/*.read");
        assertThat(Downscope.reduce("patient/Observation.*", List.of("patient/*.s"))).containsExactly("patient/Observation.s");
    }

    @Test
    void whenNothingSharedThenNothingReduced() {
        assertThat(Downscope.reduce("patient/*.write", REGISTERED)).isEmpty();
        assertThat(Downscope.reduce("system/*.cruds", REGISTERED)).isEmpty();
        assertThat(Downscope.reduce("patient/Observation.xyz", REGISTERED)).isEmpty();
        assertThat(Downscope.reduce("hitcert-unknown-scope", REGISTERED)).isEmpty();
    }

    @Test
    void whenResourceSpecificV2ThenRecognised() {
        assertThat(Downscope.resourceSpecificV2("patient/Observation.rs")).isTrue();
        assertThat(Downscope.resourceSpecificV2("patient/*.rs")).isFalse();
        assertThat(Downscope.resourceSpecificV2("patient/Observation.read")).isFalse();
        assertThat(Downscope.resourceSpecificV2("openid")).isFalse();
    }

    @Test
    void whenRegistrationHasNoWriteThenReadOnly() {
        assertThat(Downscope.readOnly(REGISTERED)).isTrue();
        assertThat(Downscope.readOnly(List.of("openid", "patient/Observation.c"))).isFalse();
        assertThat(Downscope.readOnly(List.of("user/*.*"))).isFalse();
    }
}
