package org.hitcert.checks.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.junit.jupiter.api.Test;

class VulnDecisionsTest {

    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));
    private static final Map<String, List<String>> HTML = Map.of("Content-Type", List.of("text/html; charset=utf-8"));

    @Test
    void whenCleanOAuthErrorThenNoProblem() {
        assertThat(ResponseHygiene.problems(400, JSON, "{\"error\":\"invalid_request\"}", "' OR '1'='1")).isEmpty();
    }

    @Test
    void whenServerErrorWithJavaStackTraceThenBothReported() {
        String body = "java.lang.IllegalStateException: boom\n\tat org.example.Token.handle(Token.java:42)\n";
        assertThat(ResponseHygiene.problems(500, Map.of(), body, null)).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("500")).anySatisfy(p -> assertThat(p).contains("stack trace"));
    }

    @Test
    void whenDatabaseErrorLeaksThenReported() {
        assertThat(ResponseHygiene.problems(400, JSON, "{\"error\":\"SQLSTATE[42000]: syntax\"}", "'")).hasSize(1);
    }

    @Test
    void whenServerHeaderNamesVersionThenReported() {
        assertThat(ResponseHygiene.problems(400, Map.of("Server", List.of("Jetty(9.4.51.v20230217)")), "", null)).hasSize(1);
        assertThat(ResponseHygiene.problems(400, Map.of("Server", List.of("nginx")), "", null)).isEmpty();
    }

    @Test
    void whenMarkupReflectedInHtmlThenReported() {
        String p = "\"'><script>x()</script>";
        assertThat(ResponseHygiene.problems(400, HTML, "<p>" + p + "</p>", p)).containsExactly("the payload came back unescaped in an HTML page");
        assertThat(ResponseHygiene.problems(400, JSON, "{\"x\":\"" + p + "\"}", p)).isEmpty();
        assertThat(ResponseHygiene.problems(400, HTML, "<p>&quot;&#39;&gt;&lt;script&gt;</p>", p)).isEmpty();
    }

    @Test
    void whenCorpusHasEscapesRepeatsAndCommentsThenParsed() {
        List<String> p = PayloadCorpus.parse("# comment\n\na\\r\\nb\n@repeat 3 xy\n\\u0041\\\\\n\\q\n");
        assertThat(p).containsExactly("a\r\nb", "xyxyxy", "A\\", "\\q");
    }

    @Test
    void whenRepeatIsOutOfBoundsThenRefused() {
        assertThatThrownBy(() -> PayloadCorpus.parse("@repeat 999999999 A")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@repeat N TEXT");
    }

    @Test
    void whenShippedCorpusLoadsThenItHasEveryFamily() throws Exception {
        List<String> p = PayloadCorpus.load(java.nio.file.Path.of("fixtures/payloads/hostile-strings.txt"));
        assertThat(p).hasSizeGreaterThan(15).anyMatch(s -> s.length() >= 8192).anyMatch(s -> s.contains("\r\n"))
                .anyMatch(s -> s.contains("<script")).anyMatch(s -> s.contains("' OR "));
    }

    @Test
    void whenCasesAreOrderedThenEveryPayloadComesOnceBeforeAnyTwice() {
        List<Map.Entry<String, Function<String, HttpRequestSpec>>> params = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            params.add(Map.entry(name, v -> HttpRequestSpec.get(URI.create("https://x.example/" + name))));
        }
        var cases = HandleMalformedInput.order(List.of(), List.of("p1", "p2", "p3", "p4"), params);
        assertThat(cases).hasSize(12);
        assertThat(cases.subList(0, 4)).extracting(HandleMalformedInput.Case::payload).containsExactly("p1", "p2", "p3", "p4");
        assertThat(cases.subList(0, 4)).extracting(HandleMalformedInput.Case::target).containsExactly("a", "b", "c", "a");
        assertThat(cases.subList(4, 8)).extracting(HandleMalformedInput.Case::target).containsExactly("b", "c", "a", "b");
    }

    @Test
    void whenPrintableThenControlsAreEscapedAndLongRunsCounted() {
        assertThat(HandleMalformedInput.printable("a\r\n\u202e")).isEqualTo("a\\u000d\\u000a\\u202e");
        assertThat(HandleMalformedInput.printable("A".repeat(8192))).isEqualTo("A × 8192");
    }

    private static HttpExchange answer(int status, Map<String, List<String>> headers) {
        return new HttpExchange(HttpRequestSpec.get(URI.create("https://x.example/token")), status, headers, "", false, Duration.ZERO);
    }

    @Test
    void whenTooManyRequestsThenThrottled() {
        assertThat(ThrottleFailedClientAuthentication.throttling(answer(429, Map.of("Retry-After", List.of("2"))), List.of(5L), 11))
                .hasValueSatisfying(r -> assertThat(r).contains("429").contains("Retry-After: 2"));
    }

    @Test
    void whenRetryAfterOn401ThenThrottled() {
        assertThat(ThrottleFailedClientAuthentication.throttling(answer(401, Map.of("Retry-After", List.of("30"))), List.of(5L), 3))
                .isPresent();
    }

    @Test
    void whenAnswersSlowDownThenTarPit() {
        assertThat(ThrottleFailedClientAuthentication.throttling(answer(401, Map.of()),
                List.of(20L, 25L, 30L, 2000L, 2100L, 2300L), 6)).hasValueSatisfying(r -> assertThat(r).contains("tar-pit"));
    }

    @Test
    void whenOneAnswerIsSlowThenThatIsNoiseNotATarPit() {
        assertThat(ThrottleFailedClientAuthentication.throttling(answer(401, Map.of()),
                List.of(20L, 25L, 30L, 2000L, 35L, 40L), 6)).isEmpty();
        assertThat(ThrottleFailedClientAuthentication.throttling(answer(401, Map.of()), List.of(20L, 25L, 30L, 2000L), 4)).isEmpty();
    }

    @Test
    void whenPrompt401ThenNoThrottling() {
        assertThat(ThrottleFailedClientAuthentication.throttling(answer(401, Map.of()), List.of(20L, 25L, 30L, 40L), 4)).isEmpty();
    }
}
