package org.hitcert.checks.crosssite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hitcert.checks.crosssite.RefuseRefererLeaks.Sent;
import org.junit.jupiter.api.Test;

class RefererLeaksTest {

    private static final String STATE = "Xy3kP9qRt2LmN8vB";
    private static final Set<String> FIRST_PARTY = Set.of("as.example", "https://127.0.0.1:8765");

    private static Map<String, Object> willBeSent(String id, String url, Map<String, Object> headers) {
        return Map.of("method", "Network.requestWillBeSent", "params", Map.of("requestId", id,
                "request", Map.of("url", url, "headers", headers)));
    }

    @Test
    void whenEventsAreReadThenRefererComesFromRequestHeadersOrElseExtraInfo() {
        List<Sent> sent = RefuseRefererLeaks.requests(List.of(
                willBeSent("1", "https://as.example/authorize?state=" + STATE, Map.of()),
                willBeSent("2", "https://cdn.example/a.js", Map.of("Referer", "https://as.example/authorize?state=" + STATE)),
                willBeSent("3", "https://cdn.example/b.png", Map.of()),
                Map.of("method", "Network.requestWillBeSentExtraInfo", "params", Map.of("requestId", "3",
                        "headers", Map.of("referer", "https://as.example/consent"))),
                Map.of("method", "Network.responseReceived", "params", Map.of("requestId", "1"))));
        assertThat(sent).containsExactly(new Sent("https://as.example/authorize?state=" + STATE, Optional.empty()),
                new Sent("https://cdn.example/a.js", Optional.of("https://as.example/authorize?state=" + STATE)),
                new Sent("https://cdn.example/b.png", Optional.of("https://as.example/consent")));
    }

    @Test
    void whenThirdPartyRefererCarriesStateThenLeakNamedWithoutValue() {
        List<String> leaks = new ArrayList<>();
        List<String> third = new ArrayList<>();
        RefuseRefererLeaks.classify(List.of(new Sent("https://cdn.example/a.js",
                Optional.of("https://as.example/authorize?client_id=c&state=" + STATE))), FIRST_PARTY, Map.of(STATE, "state"), leaks, third);
        assertThat(leaks).singleElement().asString().contains("https://cdn.example/a.js").contains("state").doesNotContain(STATE);
        assertThat(third).hasSize(1);
    }

    @Test
    void whenUrlEncodedSecretInRefererThenLeak() {
        String code = "a/b+c=d1234567890";
        List<String> leaks = new ArrayList<>();
        RefuseRefererLeaks.classify(List.of(new Sent("https://cdn.example/p", Optional.of("https://as.example/x?code=a%2Fb%2Bc%3Dd1234567890"))),
                FIRST_PARTY, Map.of(code, "code"), leaks, new ArrayList<>());
        assertThat(leaks).hasSize(1);
    }

    @Test
    void whenRefererIsStrippedToOriginThenNoLeakButNoted() {
        List<String> leaks = new ArrayList<>();
        List<String> third = new ArrayList<>();
        RefuseRefererLeaks.classify(List.of(new Sent("https://cdn.example/a.js", Optional.of("https://as.example/")),
                new Sent("https://cdn.example/b.js", Optional.empty())), FIRST_PARTY, Map.of(STATE, "state"), leaks, third);
        assertThat(leaks).isEmpty();
        assertThat(third).hasSize(2);
    }

    @Test
    void whenRequestGoesToTheCandidateOrTheClientThenNotThirdParty() {
        List<String> leaks = new ArrayList<>();
        List<String> third = new ArrayList<>();
        RefuseRefererLeaks.classify(List.of(
                new Sent("https://as.example:8443/consent", Optional.of("https://as.example/authorize?state=" + STATE)),
                new Sent("https://127.0.0.1:8765/callback?code=x", Optional.of("https://as.example/authorize?state=" + STATE)),
                new Sent("data:image/png;base64,AAAA", Optional.of("https://as.example/authorize?state=" + STATE))),
                FIRST_PARTY, Map.of(STATE, "state"), leaks, third);
        assertThat(leaks).isEmpty();
        assertThat(third).isEmpty();
    }

    @Test
    void whenSameHostButOtherOriginThanTheClientThenThirdParty() {
        List<String> leaks = new ArrayList<>();
        RefuseRefererLeaks.classify(List.of(new Sent("https://127.0.0.1:9999/pixel", Optional.of("https://as.example/authorize?state=" + STATE))),
                FIRST_PARTY, Map.of(STATE, "state"), leaks, new ArrayList<>());
        assertThat(leaks).hasSize(1);
    }
}
