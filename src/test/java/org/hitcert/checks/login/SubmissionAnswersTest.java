package org.hitcert.checks.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubmissionAnswersTest {

    private static Map<String, Object> sent(String id, String method, double ts) {
        return Map.of("method", "Network.requestWillBeSent", "params", Map.of("requestId", id, "timestamp", ts,
                "request", Map.of("method", method, "url", "https://as.example/login")));
    }

    private static Map<String, Object> redirectedTo(String id, double ts) {
        return Map.of("method", "Network.requestWillBeSent", "params", Map.of("requestId", id, "timestamp", ts,
                "request", Map.of("method", "GET", "url", "https://as.example/next"), "redirectResponse", Map.of("status", 302)));
    }

    private static Map<String, Object> answered(String id, double ts) {
        return Map.of("method", "Network.responseReceived", "params", Map.of("requestId", id, "timestamp", ts,
                "response", Map.of("status", 200)));
    }

    @Test
    void whenAFormPostIsAnsweredByARedirectThenItsAnswerTimeIsTheTimeToThatRedirect() {
        // a GET page load (not a submission) that takes long, then a POST answered 302 after 6 s, then the next page
        assertThat(SubmissionAnswers.slowestMillis(List.of(sent("1", "GET", 10.0), answered("1", 19.0),
                sent("2", "POST", 20.0), redirectedTo("2", 26.0), answered("2", 26.5))).getAsLong()).isEqualTo(6000);
    }

    @Test
    void whenAScriptSubmitsByXhrThenTheSlowestSubmissionCounts() {
        assertThat(SubmissionAnswers.slowestMillis(List.of(sent("a", "POST", 1.0), answered("a", 1.05),
                sent("b", "PUT", 2.0), answered("b", 2.2))).getAsLong()).isEqualTo(200);
    }

    @Test
    void whenNoSubmissionWasAnsweredThenThereIsNoFigure() {
        assertThat(SubmissionAnswers.slowestMillis(List.of(sent("1", "GET", 1.0), answered("1", 2.0), sent("2", "POST", 3.0))))
                .isEmpty();
    }
}
