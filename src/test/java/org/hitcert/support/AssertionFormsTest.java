package org.hitcert.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssertionFormsTest {

    private static final URI ISSUER = URI.create("https://as-forms.example");
    private static final URI TOKEN = URI.create("https://as-forms.example/token");
    private static final URI REVOKE = URI.create("https://as-forms.example/revoke");

    private static HttpExchange answer(int status, String body) {
        return new HttpExchange(HttpRequestSpec.postForm(TOKEN, "a", "b"), status,
                Map.of("Content-Type", List.of("application/json")), body, false, Duration.ZERO);
    }

    @Test
    void whenNothingIsKnownThenTheTokenEndpointTriesWithoutThenWithClientId() {
        assertThat(AssertionForms.candidates(TOKEN, TOKEN, ISSUER, "c-fresh")).containsExactly(
                new AssertionForms.Form(TOKEN, false), new AssertionForms.Form(TOKEN, true));
    }

    @Test
    void whenNothingIsKnownThenRevocationTriesTheTokenUrlTheIssuerThenItsOwnUrl() {
        assertThat(AssertionForms.candidates(REVOKE, TOKEN, ISSUER, "c-none")).containsExactly(
                new AssertionForms.Form(TOKEN, false), new AssertionForms.Form(ISSUER, false),
                new AssertionForms.Form(REVOKE, false), new AssertionForms.Form(TOKEN, true));
    }

    @Test
    void whenTheTokenEndpointNeededClientIdThenRevocationStartsWithThatForm() {
        AssertionForms.learned(TOKEN, "c-id", new AssertionForms.Form(TOKEN, true));
        assertThat(AssertionForms.candidates(REVOKE, TOKEN, ISSUER, "c-id")).first()
                .isEqualTo(new AssertionForms.Form(TOKEN, true));
        assertThat(AssertionForms.candidates(REVOKE, TOKEN, ISSUER, "c-id")).allMatch(AssertionForms.Form::clientId);
    }

    @Test
    void whenAFormWorkedAtAnEndpointThenItIsTriedFirstThere() {
        AssertionForms.learned(REVOKE, "c-issuer", new AssertionForms.Form(ISSUER, false));
        assertThat(AssertionForms.candidates(REVOKE, TOKEN, ISSUER, "c-issuer")).first()
                .isEqualTo(new AssertionForms.Form(ISSUER, false));
    }

    @Test
    void whenInvalidClientOrABare401ThenAuthenticationFailedButNotOnAThrottleOrAnotherError() {
        assertThat(AssertionForms.authenticationFailed(answer(401, "{\"error\":\"invalid_client\",\"error_description\":\"Invalid token audience\"}"))).isTrue();
        assertThat(AssertionForms.authenticationFailed(answer(400, "{\"error\":\"invalid_client\"}"))).isTrue();
        assertThat(AssertionForms.authenticationFailed(answer(401, ""))).isTrue();
        assertThat(AssertionForms.authenticationFailed(answer(429, "{\"error\":\"invalid_client\"}"))).isFalse();
        assertThat(AssertionForms.authenticationFailed(answer(400, "{\"error\":\"unsupported_token_type\"}"))).isFalse();
        assertThat(AssertionForms.authenticationFailed(answer(200, "{}"))).isFalse();
    }
}
