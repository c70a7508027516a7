package org.hitcert.checks.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormRedirectsTest {

    private static Map<String, Object> sent(String id, String method, String url) {
        return Map.of("method", "Network.requestWillBeSent",
                "params", Map.of("requestId", id, "request", Map.of("method", method, "url", url)));
    }

    private static Map<String, Object> redirected(String id, String method, String url, String from, int status) {
        return Map.of("method", "Network.requestWillBeSent", "params", Map.of("requestId", id,
                "request", Map.of("method", method, "url", url),
                "redirectResponse", Map.of("url", from, "status", status)));
    }

    @Test
    void whenAPostIsAnsweredWith303ThenTheHopNamesPostAndStatus() {
        List<FormRedirects.Hop> hops = FormRedirects.hops(List.of(
                sent("1", "GET", "https://as.example/authorize?client_id=a"),
                sent("2", "POST", "https://as.example/login"),
                redirected("2", "GET", "https://as.example/consent?tx=1", "https://as.example/login", 303)));
        assertThat(hops).containsExactly(new FormRedirects.Hop("POST", "https://as.example/login", 303));
        assertThat(FormRedirects.afterPost(hops)).hasSize(1).noneMatch(FormRedirects.Hop::repostsBody);
    }

    @Test
    void whenAPostIsAnsweredWith307ThenTheHopRepostsAndTheQueryIsDropped() {
        List<FormRedirects.Hop> hops = FormRedirects.hops(List.of(
                sent("7", "POST", "https://as.example/consent?tx=secretish"),
                redirected("7", "POST", "http://127.0.0.1:1/cb?code=x", "https://as.example/consent?tx=secretish", 307)));
        assertThat(hops).containsExactly(new FormRedirects.Hop("POST", "https://as.example/consent", 307));
        assertThat(hops.get(0).repostsBody()).isTrue();
    }

    @Test
    void whenOnlyGetsAreRedirectedThenNoPostHopIsFound() {
        List<FormRedirects.Hop> hops = FormRedirects.hops(List.of(
                sent("1", "GET", "https://as.example/authorize"),
                redirected("1", "GET", "https://as.example/login", "https://as.example/authorize", 302),
                Map.of("method", "Network.responseReceived", "params", Map.of("requestId", "1"))));
        assertThat(hops).hasSize(1);
        assertThat(FormRedirects.afterPost(hops)).isEmpty();
    }

    @Test
    void whenAChainOfRedirectsFollowsAPostThenOnlyTheFirstAnsweredThePost() {
        List<FormRedirects.Hop> hops = FormRedirects.hops(List.of(
                sent("3", "POST", "https://as.example/login"),
                redirected("3", "GET", "https://as.example/next", "https://as.example/login", 302),
                redirected("3", "GET", "https://app.example/cb", "https://as.example/next", 307)));
        assertThat(FormRedirects.afterPost(hops)).containsExactly(new FormRedirects.Hop("POST", "https://as.example/login", 302));
    }

    @Test
    void whenAScriptSubmitsTheLoginThenItsAnswerIsASubmissionAndNoHop() {
        // Glewlwyd 2.7's login page: an XHR POST of JSON credentials answered 200, then a GET navigation redirected (302)
        List<Map<String, Object>> events = List.of(
                sent("10", "POST", "https://as.example/api/auth/"),
                Map.of("method", "Network.responseReceived", "params", Map.of("requestId", "10", "type", "XHR",
                        "response", Map.of("status", 200))),
                sent("11", "GET", "https://as.example/api/oidc/auth?g_continue"),
                redirected("11", "GET", "http://127.0.0.1:1/cb?code=x", "https://as.example/api/oidc/auth?g_continue", 302),
                Map.of("method", "Network.responseReceived", "params", Map.of("requestId", "11", "type", "Document",
                        "response", Map.of("status", 200))));
        assertThat(FormRedirects.afterPost(FormRedirects.hops(events))).isEmpty();
        assertThat(FormRedirects.submissions(events)).containsExactly(
                new FormRedirects.Submission("POST", "https://as.example/api/auth/", 200, "XHR"));
    }
}
