package org.hitcert.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The FHIR token flaws, each against the clean reference: the flawed server accepts what the clean one refuses. */
class FhirTokenFlawTest {

    private static int idTokenAsAccessToken(Flaw... flaws) throws Exception {
        try (ReferenceCandidate rc = Driver.startWithSharedKeys(flaws)) {
            Driver d = new Driver(rc);
            JsonNode t = d.tokens("public", "default");
            return d.fhir("/Patient/A", t.path("id_token").asText()).statusCode();
        }
    }

    @Test
    void whenIdTokenPresentedThenCleanRefusesAndFlawAccepts() throws Exception {
        assertThat(idTokenAsAccessToken()).isEqualTo(401);
        assertThat(idTokenAsAccessToken(Flaw.ID_TOKEN_ACCEPTED_AS_ACCESS_TOKEN)).isEqualTo(200);
    }

    @Test
    void whenOtherAudienceTokenPresentedThenCleanRefusesAndFlawAccepts() throws Exception {
        for (Flaw[] f : new Flaw[][] {{}, {Flaw.AUDIENCE_UNCHECKED}}) {
            try (ReferenceCandidate rc = Driver.startWithSharedKeys(f)) {
                Driver d = new Driver(rc);
                JsonNode t = d.tokens("other-audience", "default");
                assertThat(d.fhir("/Patient/A", t.path("access_token").asText()).statusCode()).isEqualTo(f.length == 0 ? 401 : 200);
            }
        }
    }
}
