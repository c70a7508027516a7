package org.hitcert.checks.clientauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.junit.jupiter.api.Test;

class AssertionVerdictTest {

    private static TokenAnswer answer(int status, String body) {
        return TokenAnswer.of(new HttpExchange(HttpRequestSpec.postForm(URI.create("https://as.example/token"), "a", "b"), status,
                Map.of("Content-Type", List.of("application/json")), body, false, Duration.ZERO));
    }

    @Test
    void whenTokenIssuedThenAnswerSaysSoWithoutTheValue() {
        TokenAnswer a = answer(200, "{\"access_token\":\"eyJsecretvalue\",\"token_type\":\"Bearer\"}");
        assertThat(a.tokenIssued()).isTrue();
        assertThat(a.describe()).isEqualTo("200 with an access token").doesNotContain("secretvalue");
    }

    @Test
    void whenRefusedWithInvalidClientThenInvalidClient() {
        assertThat(answer(401, "{\"error\":\"invalid_client\"}").invalidClient()).isTrue();
        assertThat(answer(400, "{\"error\":\"invalid_request\"}").invalidClient()).isFalse();
        assertThat(answer(500, "<html>oops</html>").describe()).isEqualTo("500 (no JSON error)");
    }

    @Test
    void when200WithoutAccessTokenThenNoTokenIssued() {
        assertThat(answer(200, "{\"error\":\"invalid_client\"}").tokenIssued()).isFalse();
    }

    @Test
    void whenAnyVariantGetsATokenThenFailureNamesThatMutation() {
        Map<String, TokenAnswer> answers = new LinkedHashMap<>();
        answers.put("alg none", answer(401, "{\"error\":\"invalid_client\"}"));
        answers.put("alg None", answer(200, "{\"access_token\":\"x\"}"));
        AssertionProbe.Verdict v = AssertionProbe.decide(answers);
        assertThat(v.failure()).hasValueSatisfying(f -> assertThat(f).contains("alg None → 200 with an access token")
                .doesNotContain("alg none →"));
    }

    @Test
    void whenRefusedWithAnotherCodeThenNotedNotFailed() {
        Map<String, TokenAnswer> answers = new LinkedHashMap<>();
        answers.put("no client_assertion_type", answer(400, "{\"error\":\"invalid_request\"}"));
        AssertionProbe.Verdict v = AssertionProbe.decide(answers);
        assertThat(v.failure()).isEmpty();
        assertThat(v.protocolNote()).hasValueSatisfying(n -> assertThat(n).contains("invalid_request"));
    }

    @Test
    void whenAllRefusedWithInvalidClientThenPassWithoutNote() {
        AssertionProbe.Verdict v = AssertionProbe.decide(Map.of("exp = now - 180 s", answer(401, "{\"error\":\"invalid_client\"}")));
        assertThat(v.failure()).isEmpty();
        assertThat(v.protocolNote()).isEmpty();
        assertThat(v.passReason()).contains("exp = now - 180 s → 401 invalid_client");
    }
}
