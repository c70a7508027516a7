package org.hitcert.checks.dcr;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.junit.jupiter.api.Test;

class RegistrationsTest {

    private static HttpExchange answer(int status, String json) {
        return new HttpExchange(HttpRequestSpec.postForm(URI.create("https://as.example/register")), status,
                Map.of("Content-Type", List.of("application/json")), json, false, Duration.ZERO);
    }

    @Test
    void whenACreatedAnswerCarriesAClientIdThenItIsIssued() {
        assertThat(Registrations.issued(answer(201, "{\"client_id\":\"c1\",\"redirect_uris\":[]}"))).contains("c1");
    }

    @Test
    void whenA200AnswerCarriesAClientIdThenItIsStillIssued() {
        assertThat(Registrations.issued(answer(200, "{\"client_id\":\"c1\"}"))).contains("c1");
    }

    @Test
    void whenAnErrorCarriesAClientIdThenNothingIsIssued() {
        assertThat(Registrations.issued(answer(400, "{\"error\":\"invalid_redirect_uri\",\"client_id\":\"c1\"}"))).isEmpty();
    }

    @Test
    void whenA2xxHasNoClientIdThenNothingIsIssued() {
        assertThat(Registrations.issued(answer(201, "{\"client_name\":\"x\"}"))).isEmpty();
        assertThat(Registrations.issued(answer(204, ""))).isEmpty();
    }

    @Test
    void whenRefusedWith400AndAnRfc7591ErrorThenTheRefusalConforms() {
        assertThat(Registrations.conformantRefusal(answer(400, "{\"error\":\"invalid_redirect_uri\"}"))).isTrue();
        assertThat(Registrations.conformantRefusal(answer(400, "{\"error\":\"invalid_client_metadata\"}"))).isTrue();
    }

    @Test
    void whenRefusedWithAnotherStatusOrErrorThenTheRefusalDoesNotConform() {
        assertThat(Registrations.conformantRefusal(answer(400, "{\"error\":\"invalid_request\"}"))).isFalse();
        assertThat(Registrations.conformantRefusal(answer(403, "{\"error\":\"invalid_redirect_uri\"}"))).isFalse();
        assertThat(Registrations.conformantRefusal(answer(500, "oops"))).isFalse();
    }

    @Test
    void whenTheBaselineIsBuiltThenItIsAPublicCodeClientWithOneHttpsRedirect() {
        var b = Registrations.baseline();
        assertThat(b.get("redirect_uris").get(0).asText()).startsWith("https://").endsWith(".invalid/callback");
        assertThat(b.get("token_endpoint_auth_method").asText()).isEqualTo("none");
        assertThat(b.get("client_name").asText()).isEqualTo("hitcert-probe");
        assertThat(b.has("jwks")).isFalse();
    }

    @Test
    void whenEachInvalidVariantIsAppliedThenItChangesOneThingOfTheBaseline() {
        for (RefuseUnsafeRegistrations.Variant v : RejectInvalidClientMetadata.VARIANTS) {
            var m = Registrations.baseline();
            v.change().accept(m);
            assertThat(m).as(v.name()).isNotEqualTo(Registrations.baseline());
            assertThat(m.get("client_name").asText()).isEqualTo("hitcert-probe");
        }
    }
}
