package org.hitcert.checks.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.junit.jupiter.api.Test;

class PlaintextAnswerTest {

    private static final HttpRequestSpec TOKEN = HttpRequestSpec.postForm(URI.create("http://as.example:443/token"),
            "grant_type", "authorization_code", "code", "invented");

    private static HttpExchange answer(int status, String body, String... headers) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            h.put(headers[i], List.of(headers[i + 1]));
        }
        return new HttpExchange(TOKEN, status, h, body, false, Duration.ZERO);
    }

    @Test
    void whenNoHttpAnswerThenNotProcessed() {
        assertThat(PlaintextAnswer.noAnswer("NoHttpResponseException").processed()).isFalse();
    }

    @Test
    void whenOAuthErrorComesBackThenProcessed() {
        PlaintextAnswer a = PlaintextAnswer.of(answer(400, "{\"error\":\"invalid_grant\"}", "Content-Type", "application/json"));
        assertThat(a.processed()).isTrue();
        assertThat(a.what()).contains("\"error\"");
    }

    @Test
    void whenAnyTwoHundredThenProcessed() {
        assertThat(PlaintextAnswer.of(answer(200, "<html>login</html>")).processed()).isTrue();
    }

    @Test
    void whenBearerChallengeThenProcessed() {
        assertThat(PlaintextAnswer.of(answer(401, "", "WWW-Authenticate", "Bearer realm=\"fhir\"")).processed()).isTrue();
    }

    @Test
    void whenPlainHttpToHttpsPortPageThenNotProcessed() {
        PlaintextAnswer a = PlaintextAnswer.of(answer(400, "<html>The plain HTTP request was sent to HTTPS port</html>"));
        assertThat(a.processed()).isFalse();
    }

    @Test
    void whenRedirectToHttpsWithoutResultThenNotProcessed() {
        assertThat(PlaintextAnswer.of(answer(301, "", "Location", "https://as.example/token")).processed()).isFalse();
    }

    @Test
    void whenRedirectStaysInPlaintextThenProcessed() {
        assertThat(PlaintextAnswer.of(answer(302, "", "Location", "/login?session=1")).processed()).isTrue();
    }

    @Test
    void whenRedirectToHttpsCarriesCodeThenProcessed() {
        PlaintextAnswer a = PlaintextAnswer.of(answer(302, "", "Location", "https://app.example/cb?code=abc&state=x"));
        assertThat(a.processed()).isTrue();
        assertThat(a.what()).contains("code=").doesNotContain("abc");
    }

    @Test
    void whenRedirectToHttpsCarriesErrorInFragmentThenProcessed() {
        assertThat(PlaintextAnswer.of(answer(302, "", "Location", "https://app.example/cb#error=access_denied")).processed())
                .isTrue();
    }
}
