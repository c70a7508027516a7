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

    private static PlaintextAnswer failed(Exception cause) {
        return PlaintextAnswer.failed(new org.hitcert.support.Http.HttpFailure("GET http://as.example:80/ failed", cause));
    }

    @Test
    void whenNoHttpAnswerThenNotProcessed() {
        PlaintextAnswer tlsOnly = failed(new org.apache.http.NoHttpResponseException("as.example:443 failed to respond"));
        assertThat(tlsOnly.processed()).isFalse();
        assertThat(tlsOnly.timedOut()).isFalse();
        assertThat(tlsOnly.what()).contains("TLS-only");
        PlaintextAnswer refused = failed(new java.net.ConnectException("Connection refused"));
        assertThat(refused.timedOut()).isFalse();
        assertThat(refused.what()).startsWith("connection refused");
    }

    @Test
    void whenPlaintextRequestTimesOutThenItIsNoRefusal() {
        assertThat(failed(new java.net.SocketTimeoutException("Read timed out")).timedOut()).isTrue();
        assertThat(failed(new org.apache.http.conn.ConnectTimeoutException("Connect to as.example:80 timed out")).timedOut())
                .isTrue();
        assertThat(failed(new java.net.NoRouteToHostException("No route to host")).timedOut()).isTrue();
    }

    @Test
    void whenEndpointIsOn443ThenPort80IsTriedUnlessTheCandidateFileSaysOtherwise() {
        URI standard = URI.create("https://as.example/token");
        assertThat(RefusePlaintextRequests.ports(standard, null)).containsExactly(443, 80);
        assertThat(RefusePlaintextRequests.ports(standard, 0L)).containsExactly(443);
        assertThat(RefusePlaintextRequests.ports(standard, 8080L)).containsExactly(443, 8080);
        URI loopback = URI.create("https://127.0.0.1:8443/token");
        assertThat(RefusePlaintextRequests.ports(loopback, null)).as("no port-80 rule off 443").containsExactly(8443);
        assertThat(RefusePlaintextRequests.ports(loopback, 80L)).containsExactly(8443, 80);
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
