package org.hitcert.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.hitcert.model.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 A3: a FHIR server that refuses searches outside the patient compartment (a correct server) must not leave
 * the bearer checks undecided. With the token response naming no patient as well, the old valid request (a search of
 * every Patient) was refused, and each check below said INCONCLUSIVE or FAILed; the valid request is now the declared
 * patient-a's record.
 */
class FhirBaselineTest {

    private static final List<String> BASELINE_CHECKS = List.of("bearer.header.accepted", "bearer.query-token.refused",
            "bearer.request-format.rejected", "bearer.tampered-token.refused", "bearer.id-token.refused",
            "bearer.no-token.challenge", "bearer.foreign-issuer.refused", "bearer.other-audience.refused");

    @Test
    void whenSearchesOutsideTheCompartmentAreRefusedThenBearerChecksStillDecide() {
        Map<String, SuiteRun.Outcome> outcomes = SuiteRun.reference(
                List.of("fhir-search-compartment-only", "patient-context-missing"), BASELINE_CHECKS);
        assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(BASELINE_CHECKS);
        assertThat(outcomes).allSatisfy((id, o) -> assertThat(o.verdict()).as(id + ": " + o.reason()).isEqualTo(Verdict.PASS));
    }
}
