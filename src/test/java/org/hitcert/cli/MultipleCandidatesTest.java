package org.hitcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several candidates in one invocation: certified concurrently, each with its own complete report folder (even when
 * two share a name), an index comparing them, and the worst exit code; an unreachable candidate costs no other
 * candidate its report.
 */
@org.junit.jupiter.api.parallel.Isolated("whole certification runs: not beside the flaw meta-test's runs")
class MultipleCandidatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static int run(ByteArrayOutputStream console, String... args) {
        PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8);
        return Main.run(args, ps, ps);
    }

    /** A certification into {@code out}; the suite's own runs share 2 loaded cores: generous limits, as SuiteRun uses. */
    private static int certify(ByteArrayOutputStream console, Path out, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--out", out.toString(), "--check-timeout", "240", "--step-timeout", "20"));
        return run(console, all.toArray(String[]::new));
    }

    @Test
    void whenACleanAndAFlawedReferenceRunTogetherThenEachHasItsReportAndTheIndexComparesThem() throws Exception {
        Path flawed = dir.resolve("flawed.yaml");
        Files.writeString(flawed, String.join("\n",
                "hitcert-candidate: 1",
                "name: reference",           // the same name as the clean one: folders and columns must not collide
                "reference:",
                "  flaws: [pkce-optional]",
                "profiles: [smart, heart]",
                ""));
        Path out = dir.resolve("reports");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int exit = certify(console, out, "--candidate", "fixtures/candidates/reference.yaml", "--candidate", flawed.toString(),
                "--only", "DS-OIDC", "--only", "DS-JWKS", "--only", "AZ-PKCE-REQUIRED");
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isEqualTo(Main.NOT_CERTIFIED);
        assertThat(printed).contains("[reference] ").contains("[reference-2] ").contains("index: ");

        List<Path> folders = folders(out);
        assertThat(folders).hasSize(3);
        Path clean = folders.stream().filter(p -> p.getFileName().toString().endsWith("-reference")).findFirst().orElseThrow();
        Path bad = folders.stream().filter(p -> p.getFileName().toString().endsWith("-reference-2")).findFirst().orElseThrow();
        Path index = folders.stream().filter(p -> p.getFileName().toString().endsWith("-index")).findFirst().orElseThrow();

        JsonNode cleanReport = JSON.readTree(clean.resolve("report.json").toFile());
        JsonNode badReport = JSON.readTree(bad.resolve("report.json").toFile());
        assertThat(cleanReport.path("run").path("complete").asBoolean()).isTrue();
        assertThat(badReport.path("run").path("complete").asBoolean()).isTrue();
        assertThat(verdict(cleanReport, "AZ-PKCE-REQUIRED")).isEqualTo("PASS");
        assertThat(verdict(badReport, "AZ-PKCE-REQUIRED")).isEqualTo("FAIL");
        assertThat(verdict(cleanReport, "DS-OIDC")).isEqualTo("PASS");
        assertThat(verdict(badReport, "DS-OIDC")).isEqualTo("PASS");
        // --only: a partial run, never certified; the clean one has nothing blocking, the flawed one has
        assertThat(cleanReport.path("overall").path("certified").asBoolean()).isFalse();
        assertThat(cleanReport.path("overall").path("partial").asBoolean()).isTrue();
        assertThat(cleanReport.path("overall").path("blocking")).isEmpty();
        assertThat(badReport.path("overall").path("blocking").toString()).contains("AZ-PKCE-REQUIRED");
        assertThat(badReport.path("run").path("flaws").toString()).contains("pkce-optional");
        for (Path report : List.of(clean, bad)) {
            assertThat(report.resolve("report.html")).exists();
            assertThat(report.resolve("junit.xml")).exists();
            assertThat(report.resolve("report.json.jws")).exists();
        }

        JsonNode idx = JSON.readTree(index.resolve("index.json").toFile());
        assertThat(idx.path("candidates")).hasSize(2);
        assertThat(idx.path("candidates").get(0).path("label").asText()).isEqualTo("reference");
        assertThat(idx.path("candidates").get(0).path("outcome").asText()).isEqualTo("NOT CERTIFIED");
        assertThat(idx.path("candidates").get(1).path("label").asText()).isEqualTo("reference-2");
        assertThat(idx.path("candidates").get(1).path("outcome").asText()).isEqualTo("NOT CERTIFIED");
        JsonNode pkce = requirement(idx, "AZ-PKCE-REQUIRED");
        assertThat(pkce.path("verdicts").path("reference").path("verdict").asText()).isEqualTo("PASS");
        assertThat(pkce.path("verdicts").path("reference-2").path("verdict").asText()).isEqualTo("FAIL");
        assertThat(pkce.path("differs").asBoolean()).isTrue();
        assertThat(requirement(idx, "DS-OIDC").path("differs").asBoolean()).isFalse();
        String html = Files.readString(index.resolve("index.html"));
        assertThat(html).contains(">reference</a>").contains(">reference-2</a>")
                .contains("href=\"../" + bad.getFileName() + "/report.html#r-TSS-02-AZ-PKCE-REQUIRED\"");

        ByteArrayOutputStream verify = new ByteArrayOutputStream();
        assertThat(run(verify, "verify", index.toString())).as(verify.toString(StandardCharsets.UTF_8)).isZero();
        Files.writeString(bad.resolve("report.json.jws"), "tampered");
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertThat(run(again, "verify", index.toString())).as(again.toString(StandardCharsets.UTF_8)).isEqualTo(1);
    }

    @Test
    void whenOneCandidateIsUnreachableThenTheOtherStillGetsItsReport() throws Exception {
        Path gone = UnreachableCandidateTest.unreachableCandidate(dir, UnreachableCandidateTest.freePort());
        Path out = dir.resolve("reports");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int exit = certify(console, out, "--candidate", gone.toString(), "--candidate", "fixtures/candidates/reference.yaml",
                "--only", "DS-OIDC");
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isEqualTo(Main.UNREACHABLE);
        assertThat(printed).containsPattern("\\[gone] +hitcert: candidate unreachable");

        List<Path> folders = folders(out);
        Path reference = folders.stream().filter(p -> p.getFileName().toString().endsWith("-reference")).findFirst().orElseThrow();
        Path unreachable = folders.stream().filter(p -> p.getFileName().toString().endsWith("-gone")).findFirst().orElseThrow();
        Path index = folders.stream().filter(p -> p.getFileName().toString().endsWith("-index")).findFirst().orElseThrow();
        JsonNode ok = JSON.readTree(reference.resolve("report.json").toFile());
        assertThat(verdict(ok, "DS-OIDC")).isEqualTo("PASS");
        assertThat(ok.path("overall").path("blocking")).isEmpty();
        assertThat(ok.path("overall").path("scope").asText()).startsWith("partial run: 1 of ");
        assertThat(verdict(JSON.readTree(unreachable.resolve("report.json").toFile()), "DS-OIDC")).isEqualTo("ERROR");
        JsonNode idx = JSON.readTree(index.resolve("index.json").toFile());
        assertThat(idx.path("candidates").get(0).path("outcome").asText()).isEqualTo("UNREACHABLE");
        assertThat(idx.path("candidates").get(1).path("outcome").asText()).isEqualTo("NOT CERTIFIED");
    }

    private static List<Path> folders(Path out) throws java.io.IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static String verdict(JsonNode report, String requirement) {
        for (JsonNode c : report.path("considerations")) {
            for (JsonNode r : c.path("requirements")) {
                if (r.path("id").asText().equals(requirement)) {
                    return r.path("verdict").asText();
                }
            }
        }
        throw new AssertionError(requirement + " is not in the report");
    }

    private static JsonNode requirement(JsonNode index, String id) {
        for (JsonNode r : index.path("requirements")) {
            if (r.path("id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError(id + " is not in the index");
    }
}
