package org.hitcert.checks.bearer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.junit.jupiter.api.Test;

/** The bearer checks' decisions over recorded responses. */
class BearerDecisionsTest {

    private static HttpExchange response(int status, String body) {
        return new HttpExchange(HttpRequestSpec.get(URI.create("https://fhir.example/r4/Observation")), status,
                Map.of("Content-Type", List.of("application/fhir+json")), body, false, Duration.ZERO);
    }

    @Test
    void whenBundleHoldsObservationOfBThenItMentionsB() {
        String bundle = "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"b1\","
                + "\"subject\":{\"reference\":\"Patient/B\"}}}]}";
        assertThat(EnforcePatientCompartment.mentions(response(200, bundle), "B")).isTrue();
    }

    @Test
    void whenBundleIsEmptyOrHoldsOnlyAThenItDoesNotMentionB() {
        assertThat(EnforcePatientCompartment.mentions(response(200, "{\"resourceType\":\"Bundle\",\"total\":0}"), "B")).isFalse();
        String onlyA = "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"a1\","
                + "\"subject\":{\"reference\":\"Patient/A\"}}}]}";
        assertThat(EnforcePatientCompartment.mentions(response(200, onlyA), "B")).isFalse();
    }

    @Test
    void whenPatientResourceIsBThenItMentionsB() {
        assertThat(EnforcePatientCompartment.mentions(response(200, "{\"resourceType\":\"Patient\",\"id\":\"B\"}"), "B")).isTrue();
        assertThat(EnforcePatientCompartment.mentions(response(403, "{\"resourceType\":\"OperationOutcome\"}"), "B")).isFalse();
    }

    @Test
    void whenBatchResponseEntryHoldsPatientBThenItMentionsB() {
        String leak = "{\"resourceType\":\"Bundle\",\"type\":\"batch-response\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Patient\",\"id\":\"B\"},\"response\":{\"status\":\"200\"}}]}";
        assertThat(EnforcePatientCompartment.mentions(response(200, leak), "B")).isTrue();
        String refused = "{\"resourceType\":\"Bundle\",\"type\":\"batch-response\",\"entry\":[{\"response\":"
                + "{\"status\":\"403\"}}]}";
        assertThat(EnforcePatientCompartment.mentions(response(200, refused), "B")).isFalse();
    }

    @Test
    void whenSearchsetNestedInBatchHoldsPatientBThenItMentionsB() {
        String nested = "{\"resourceType\":\"Bundle\",\"type\":\"batch-response\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Patient\",\"id\":\"B\"}}]}}]}";
        assertThat(EnforcePatientCompartment.mentions(response(200, nested), "B")).isTrue();
    }

    @Test
    void whenScopeNarrowedThenOnlyResourceScopesAreReplaced() {
        assertThat(Fhir.withResourceScopes("openid fhirUser launch/patient patient/*.rs offline_access", "patient/Patient.rs"))
                .isEqualTo("openid fhirUser launch/patient offline_access patient/Patient.rs");
    }

    @Test
    void whenCapabilityDeclaresInteractionsThenTheyAreFound() throws Exception {
        Fhir.Capability cap = new Fhir.Capability(new ObjectMapper().readTree("{\"resourceType\":\"CapabilityStatement\","
                + "\"rest\":[{\"mode\":\"server\",\"resource\":[{\"type\":\"Observation\",\"interaction\":[{\"code\":\"read\"}],"
                + "\"searchParam\":[{\"name\":\"patient\"}]}]}]}"));
        assertThat(cap.supports("Observation", "read")).isTrue();
        assertThat(cap.supports("Observation", "delete")).isFalse();
        assertThat(cap.supports("Patient", "read")).isFalse();
        assertThat(cap.searchParam("Observation", "patient")).isTrue();
        assertThat(cap.searchParam("Observation", "subject")).isFalse();
    }

    @Test
    void whenJwtHasThreePartsThenItParsesElseEmpty() {
        assertThat(Jwts.parse("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")).hasValueSatisfying(p -> {
            assertThat(p.header().path("alg").asText()).isEqualTo("RS256");
            assertThat(p.claims().path("sub").asText()).isEqualTo("x");
        });
        assertThat(Jwts.parse("opaque-token")).isEmpty();
    }
}
