package org.hitcert.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hitcert.model.Candidate;
import org.junit.jupiter.api.Test;

/** The published schemas are for editors; the loaders are the authority. Their keys must agree. */
class SchemaConsistencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.get("properties").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void whenPlanSchemaIsReadThenItsKeysAreThoseThePlanLoaderAccepts() throws IOException {
        JsonNode schema = JSON.readTree(Path.of("test-plans/plan.schema.json").toFile());

        assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(keys(schema)).isEqualTo(PlanLoader.PLAN_KEYS);
        assertThat(keys(schema.at("/$defs/consideration"))).isEqualTo(PlanLoader.CONSIDERATION_KEYS);
        assertThat(keys(schema.at("/$defs/requirement"))).isEqualTo(PlanLoader.REQUIREMENT_KEYS);
        assertThat(keys(schema.at("/$defs/binding"))).isEqualTo(PlanLoader.BINDING_KEYS);
        assertThat(schema.at("/$defs/requirement/properties/level/enum")).extracting(JsonNode::asText)
                .isEqualTo(PlanLoader.LEVELS);
    }

    @Test
    void whenCandidateSchemaIsReadThenItsKeysAreThoseTheCandidateLoaderAccepts() throws IOException {
        JsonNode schema = JSON.readTree(Path.of("fixtures/candidates/candidate.schema.json").toFile());

        assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(keys(schema)).isEqualTo(CandidateLoader.CANDIDATE_KEYS);
        assertThat(keys(schema.get("properties").get("endpoints"))).isEqualTo(Candidate.ENDPOINT_ROLES);
        assertThat(keys(schema.at("/$defs/client"))).isEqualTo(CandidateLoader.CLIENT_KEYS);
        assertThat(keys(schema.at("/$defs/user"))).isEqualTo(CandidateLoader.USER_KEYS);
        assertThat(keys(schema.at("/$defs/step"))).isEqualTo(CandidateLoader.LOGIN_KEYS);
        assertThat(keys(schema.at("/$defs/launch"))).isEqualTo(CandidateLoader.LAUNCH_KEYS);
        assertThat(schema.at("/$defs/client/properties/auth-method/enum")).extracting(JsonNode::asText)
                .isEqualTo(CandidateLoader.AUTH_METHODS);
        assertThat(schema.at("/$defs/clientRole/enum")).extracting(JsonNode::asText).isEqualTo(CandidateLoader.CLIENT_ROLES);
        assertThat(schema.at("/properties/claims/propertyNames/pattern").asText()).isEqualTo("^("
                + String.join("|", org.hitcert.checks.CheckCatalog.standard().claimKeys()) + ")(-[a-z0-9-]+)?$");
    }

    @Test
    void whenAttestationsSchemaIsReadThenItsKeysAreThoseTheAttestationLoaderAccepts() throws IOException {
        JsonNode schema = JSON.readTree(Path.of("fixtures/attestations/attestations.schema.json").toFile());

        assertThat(keys(schema)).isEqualTo(AttestationLoader.FILE_KEYS);
        assertThat(keys(schema.at("/$defs/answer"))).isEqualTo(AttestationLoader.ANSWER_KEYS);
    }
}
