package org.hitcert.checks.smart;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.junit.jupiter.api.Test;

/** smart.system-scope.type-enforced: what counts as Observations served to a system/Patient.rs token. */
class SystemScopeDecisionTest {

    private static HttpExchange response(int status, String body) {
        return new HttpExchange(HttpRequestSpec.get(URI.create("https://fhir.example/r4/Observation")), status,
                Map.of("Content-Type", List.of("application/fhir+json")), body, false, Duration.ZERO);
    }

    @Test
    void whenAnObservationOrABundleOfThemIsServedThenItCounts() {
        assertThat(EnforceSystemScopeType.servesObservations(response(200, "{\"resourceType\":\"Observation\",\"id\":\"a1\"}"))).isTrue();
        assertThat(EnforceSystemScopeType.servesObservations(response(200, "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Observation\",\"id\":\"a1\"}}]}"))).isTrue();
    }

    @Test
    void whenRefusedOrEmptyThenNothingIsServed() {
        assertThat(EnforceSystemScopeType.servesObservations(response(403, "{\"resourceType\":\"OperationOutcome\"}"))).isFalse();
        assertThat(EnforceSystemScopeType.servesObservations(response(200, "{\"resourceType\":\"Bundle\",\"total\":0}"))).isFalse();
        assertThat(EnforceSystemScopeType.servesObservations(response(200, "not json"))).isFalse();
    }
}
