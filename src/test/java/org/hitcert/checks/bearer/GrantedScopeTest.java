package org.hitcert.checks.bearer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Scope enforcement is judged against the scope granted: what a granted scope may allow. */
class GrantedScopeTest {

    @Test
    void whenWiderScopeGrantedThenTheInteractionIsWithinIt() {
        assertThat(Fhir.grants("openid launch/patient patient/*.rs", "Observation", 's')).isTrue();
        assertThat(Fhir.grants("patient/*.read", "Observation", 'r')).isTrue();
        assertThat(Fhir.grants("patient/Observation.*", "Observation", 'd')).isTrue();
        assertThat(Fhir.grants("patient/Observation.rs?category=laboratory", "Observation", 's'))
                .as("a constrained scope may allow part of the type: serving it is not a fault").isTrue();
    }

    @Test
    void whenNarrowScopeGrantedThenOtherInteractionsAreOutsideIt() {
        assertThat(Fhir.grants("openid patient/Patient.rs", "Observation", 's')).isFalse();
        assertThat(Fhir.grants("patient/Observation.s", "Observation", 'r')).isFalse();
        assertThat(Fhir.grants("patient/*.rs", "Observation", 'c')).isFalse();
        assertThat(Fhir.grants("patient/Observation.read", "Observation", 'u')).isFalse();
    }
}
