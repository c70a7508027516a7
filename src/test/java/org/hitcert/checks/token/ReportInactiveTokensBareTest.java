package org.hitcert.checks.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hitcert.checks.CheckFailure;
import org.hitcert.checks.Inconclusive;
import org.junit.jupiter.api.Test;

class ReportInactiveTokensBareTest {

    private static JsonNode json(String s) {
        try {
            return new ObjectMapper().readTree(s);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, JsonNode> answers(JsonNode revoked, JsonNode madeUp) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        m.put("revoked access token", revoked);
        m.put("made-up token", madeUp);
        return m;
    }

    @Test
    void whenBothAreBareThenThePassNamesBoth() {
        assertThat(ReportInactiveTokensBare.decide(answers(json("{\"active\":false}"), json("{\"active\":false}"))))
                .isEqualTo("revoked access token and made-up token → {\"active\": false} and nothing else");
    }

    @Test
    void whenOnlyTheMadeUpTokenWasInactiveThenThePassClaimsOnlyThatOne() {
        assertThat(ReportInactiveTokensBare.decide(answers(json("{\"active\":true}"), json("{\"active\":false}"))))
                .startsWith("made-up token → {\"active\": false} and nothing else")
                .contains("not judged here").contains("revoked access token → active:true");
    }

    @Test
    void whenNoAnswerWasInactiveThenInconclusiveNeverPass() {
        assertThatThrownBy(() -> ReportInactiveTokensBare.decide(answers(null, json("{\"active\":true}"))))
                .isInstanceOf(Inconclusive.class).hasMessageContaining("no introspection answer was active:false")
                .hasMessageContaining("revoked access token → no 200 JSON object");
    }

    @Test
    void whenAnInactiveAnswerCarriesMoreThenFail() {
        assertThatThrownBy(() -> ReportInactiveTokensBare.decide(answers(json("{\"active\":false,\"sub\":\"alice\"}"),
                json("{\"active\":false}")))).isInstanceOf(CheckFailure.class)
                .hasMessageContaining("revoked access token → active:false plus [sub]");
    }
}
