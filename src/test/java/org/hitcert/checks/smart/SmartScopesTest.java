package org.hitcert.checks.smart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmartScopesTest {

    @Test
    void whenV1ScopeThenReadMeansReadAndSearch() {
        assertThat(SmartScopes.letters("patient/Observation.read")).isEqualTo("rs");
        assertThat(SmartScopes.letters("patient/*.write")).isEqualTo("cud");
        assertThat(SmartScopes.letters("user/*.*")).isEqualTo("cruds");
        assertThat(SmartScopes.letters("patient/*.sr")).isEmpty();
        assertThat(SmartScopes.letters("launch/patient")).isEmpty();
    }

    @Test
    void whenGrantCoversTypeAndLetterThenPermitted() {
        assertThat(SmartScopes.permits("openid patient/*.rs", "Observation", 's')).isTrue();
        assertThat(SmartScopes.permits("patient/Observation.read", "Observation", 's')).isTrue();
        assertThat(SmartScopes.permits("patient/Observation.r", "Observation", 's')).isFalse();
        assertThat(SmartScopes.permits("patient/Patient.rs", "Observation", 'r')).isFalse();
        assertThat(SmartScopes.permits("system/*.rs", "Observation", 'r')).isFalse();
        assertThat(SmartScopes.permits("patient/Observation.rs?category=laboratory", "Observation", 's')).isFalse();
        assertThat(SmartScopes.permits("openid launch/patient", "Patient", 'r')).isFalse();
    }

    @Test
    void whenGrantHoldsCreateUpdateOrDeleteThenWrites() {
        assertThat(SmartScopes.writes("openid patient/*.cruds")).containsExactly("patient/*.cruds");
        assertThat(SmartScopes.writes("patient/*.* launch/patient")).containsExactly("patient/*.*");
        assertThat(SmartScopes.writes("openid patient/*.rs patient/Observation.read")).isEmpty();
    }

    @Test
    void whenClinicalScopesReplacedThenOthersKept() {
        assertThat(SmartScopes.replaceClinical("openid fhirUser launch/patient patient/*.rs offline_access", "patient/*.cruds"))
                .isEqualTo("openid fhirUser launch/patient offline_access patient/*.cruds");
        assertThat(SmartScopes.replaceClinical("openid", "patient/Observation.rs")).isEqualTo("openid patient/Observation.rs");
    }
}
