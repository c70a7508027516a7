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

    @Test
    void whenIncludeAddsPatientBToASearchThenItMentionsB() {
        String include = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0,\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Patient\",\"id\":\"B\"},\"search\":{\"mode\":\"include\"}}]}";
        assertThat(EnforcePatientCompartment.mentions(response(200, include), "B")).isTrue();
    }

    @Test
    void whenTransactionIsRefusedAsAWholeThenNothingOfBIsMentioned() {
        String refused = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"forbidden\"}]}";
        assertThat(EnforcePatientCompartment.mentions(response(403, refused), "B")).isFalse();
        String leak = "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Patient\",\"id\":\"B\"},\"response\":{\"status\":\"200\"}}]}";
        assertThat(EnforcePatientCompartment.mentions(response(200, leak), "B")).isTrue();
    }

    private static final String LAB = "{\"resourceType\":\"Observation\",\"id\":\"a3\",\"category\":[{\"coding\":[{\"system\":"
            + "\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"laboratory\"}]}]}";
    private static final String VITAL = "{\"resourceType\":\"Observation\",\"id\":\"a1\",\"category\":[{\"coding\":[{\"system\":"
            + "\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"vital-signs\"}]}]}";

    @Test
    void whenGranularSearchHoldsOnlyLaboratoryThenNoVitalSignsAreSeen() {
        String bundle = "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":" + LAB + "}]}";
        assertThat(EnforceGranularScopes.vitalSigns(response(200, bundle))).isEmpty();
        assertThat(EnforceGranularScopes.vitalSigns(response(200, "{\"resourceType\":\"Bundle\",\"total\":0}"))).isEmpty();
    }

    @Test
    void whenGranularSearchOrReadReturnsVitalSignsThenTheyAreNamed() {
        String bundle = "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":" + LAB + "},{\"resource\":" + VITAL + "}]}";
        assertThat(EnforceGranularScopes.vitalSigns(response(200, bundle))).containsExactly("Observation/a1");
        assertThat(EnforceGranularScopes.vitalSigns(response(200, VITAL))).containsExactly("Observation/a1");
    }

    @Test
    void whenCategoryHasAnotherSystemThenItIsNotVitalSigns() {
        String other = "{\"resourceType\":\"Observation\",\"id\":\"x\",\"category\":[{\"coding\":[{\"system\":"
                + "\"urn:example:local\",\"code\":\"vital-signs\"}]}]}";
        assertThat(EnforceGranularScopes.vitalSigns(response(200, other))).isEmpty();
        String noSystem = "{\"resourceType\":\"Observation\",\"id\":\"y\",\"category\":[{\"coding\":[{\"code\":\"vital-signs\"}]}]}";
        assertThat(EnforceGranularScopes.vitalSigns(response(200, noSystem))).containsExactly("Observation/y");
    }

    @Test
    void whenV1ProbeObservationIsBuiltThenItIsForThePatientAndSaysWhatItIs() throws Exception {
        com.fasterxml.jackson.databind.JsonNode o = new ObjectMapper().readTree(EnforceV1ReadOnly.probeObservation("A"));
        assertThat(o.path("resourceType").asText()).isEqualTo("Observation");
        assertThat(o.path("subject").path("reference").asText()).isEqualTo("Patient/A");
        assertThat(o.path("code").path("text").asText()).contains("hitcert probe");
    }
}
