package org.hitcert.checks.bearer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.hitcert.model.Candidate.FhirSamples;
import org.junit.jupiter.api.Test;

/** The valid request of the bearer checks: declared patient-a, else the token's patient, else fhirUser, else a search. */
class FhirResourcesTest {

    private static final URI BASE = URI.create("https://fhir.example/r4");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String idToken(String fhirUser) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"u\",\"fhirUser\":\"" + fhirUser + "\"}").getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    private static JsonNode tokens(String patient, String fhirUser) {
        var n = JSON.createObjectNode().put("access_token", "at");
        if (patient != null) {
            n.put("patient", patient);
        }
        if (fhirUser != null) {
            n.put("id_token", idToken(fhirUser));
        }
        return n;
    }

    @Test
    void whenPatientADeclaredThenItIsReadWhateverTheToken() {
        FhirSamples samples = FhirSamples.of(Map.of("patient-a", "p1"));
        FhirResources.Resource r = FhirResources.choose(BASE, samples, tokens("p2", "Patient/p3"));
        assertThat(r.uri()).hasToString("https://fhir.example/r4/Patient/p1");
        assertThat(r.source()).contains("patient-a");
        assertThat(FhirResources.choose(BASE, samples, null).uri()).hasToString("https://fhir.example/r4/Patient/p1");
    }

    @Test
    void whenNothingDeclaredThenTokensPatientIsRead() {
        assertThat(FhirResources.choose(BASE, FhirSamples.NONE, tokens("p2", "Patient/p3")).uri())
                .hasToString("https://fhir.example/r4/Patient/p2");
    }

    @Test
    void whenTokenNamesNoPatientThenFhirUsersResourceIsRead() {
        assertThat(FhirResources.choose(BASE, FhirSamples.NONE, tokens(null, "https://fhir.example/r4/Practitioner/d7")).uri())
                .hasToString("https://fhir.example/r4/Practitioner/d7");
        assertThat(FhirResources.choose(BASE, FhirSamples.NONE, tokens(null, "Patient/p3/_history/2")).uri())
                .hasToString("https://fhir.example/r4/Patient/p3");
    }

    @Test
    void whenNothingNamesAResourceThenPatientTypeIsSearched() {
        FhirResources.Resource r = FhirResources.choose(BASE, FhirSamples.NONE, tokens(null, "not a reference"));
        assertThat(r.uri()).hasToString("https://fhir.example/r4/Patient");
        assertThat(r.source()).startsWith("a Patient search");
        assertThat(FhirResources.choose(BASE, FhirSamples.NONE, null).uri()).hasToString("https://fhir.example/r4/Patient");
    }
}
