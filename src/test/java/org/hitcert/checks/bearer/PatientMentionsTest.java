package org.hitcert.checks.bearer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.junit.jupiter.api.Test;

/** Patient B is recognised however the server writes the reference: relative, absolute, versioned, JSON or XML. */
class PatientMentionsTest {

    private static HttpExchange response(String type, String body) {
        return new HttpExchange(HttpRequestSpec.get(URI.create("https://fhir.example/r4/Observation")), 200,
                Map.of("Content-Type", List.of(type)), body, false, Duration.ZERO);
    }

    private static String observationBundle(String reference) {
        return "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":{\"resourceType\":\"Observation\","
                + "\"id\":\"b1\",\"subject\":{\"reference\":\"" + reference + "\"}}}]}";
    }

    @Test
    void whenReferenceIsAbsoluteOrVersionedThenBIsRecognised() {
        assertThat(PatientMentions.mentions(response("application/fhir+json", observationBundle(
                "https://fhir.example/r4/Patient/B")), "B")).isTrue();
        assertThat(PatientMentions.mentions(response("application/fhir+json", observationBundle(
                "https://fhir.example/r4/Patient/B/_history/1")), "B")).isTrue();
        assertThat(PatientMentions.mentions(response("application/fhir+json", observationBundle("Patient/B/_history/3")), "B"))
                .isTrue();
    }

    @Test
    void whenReferenceNamesAnotherPatientThenBIsNotRecognised() {
        assertThat(PatientMentions.mentions(response("application/fhir+json", observationBundle(
                "https://fhir.example/r4/Patient/AB")), "B")).isFalse();
        assertThat(PatientMentions.mentions(response("application/fhir+json", observationBundle("Patient/B2/_history/1")), "B"))
                .isFalse();
    }

    @Test
    void whenXmlCarriesBThenBIsRecognised() {
        String observation = "<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"searchset\"/><entry><resource>"
                + "<Observation><id value=\"b1\"/><status value=\"final\"/><subject>\n  <reference value=\""
                + "https://fhir.example/r4/Patient/B/_history/2\"/></subject></Observation></resource></entry></Bundle>";
        assertThat(PatientMentions.mentions(response("application/fhir+xml", observation), "B")).isTrue();
        String patient = "<Patient xmlns=\"http://hl7.org/fhir\">\n  <id value=\"B\"/><active value=\"true\"/></Patient>";
        assertThat(PatientMentions.mentions(response("application/fhir+xml", patient), "B")).isTrue();
        String onlyA = "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"A\"/></Patient>";
        assertThat(PatientMentions.mentions(response("application/fhir+xml", onlyA), "B")).isFalse();
    }

    @Test
    void whenPatientFieldIsNestedDeepThenBIsRecognised() {
        String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch-response\",\"entry\":[{\"resource\":{\"resourceType\":"
                + "\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"Encounter\",\"subject\":{\"reference\":\"Patient/B\"}}}]}}]}";
        assertThat(PatientMentions.mentions(response("application/fhir+json", batch), "B")).isTrue();
    }
}
