package org.hitcert.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hitcert.cli.Main;
import org.hitcert.support.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance run through the command line: the clean reference is certified (exit 0) with all four
 * report forms, every check of the catalog PASSes (the flaw meta-test's baseline), and no secret the suite handled (client secrets, passwords, private keys, codes, access,
 * refresh and ID tokens) appears in any file of the report folder or on the console.
 */
@org.junit.jupiter.api.parallel.Isolated("a whole certification run: not beside the flaw meta-test's runs")
class ReportHoldsNoSecretsTest {

    @TempDir
    Path out;

    @Test
    void whenReferenceIsCertifiedThenReportsExistAndHoldNoSecret() throws Exception {
        System.setProperty("hitcert.test.collect-secrets", "true");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int exit;
        try {
            exit = Main.run(new String[] {"--out", out.toString()}, new PrintStream(console, true, StandardCharsets.UTF_8),
                    new PrintStream(console, true, StandardCharsets.UTF_8));
        } finally {
            System.clearProperty("hitcert.test.collect-secrets");
        }
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isEqualTo(Main.CERTIFIED);
        List<Path> runs;
        try (Stream<Path> s = Files.list(out)) {
            runs = s.toList();
        }
        assertThat(runs).hasSize(1);
        Path run = runs.get(0);
        assertThat(run.resolve("report.json")).isNotEmptyFile();
        assertThat(run.resolve("report.html")).isNotEmptyFile();
        assertThat(run.resolve("junit.xml")).isNotEmptyFile();
        try (Stream<Path> s = Files.list(run.resolve("allure-results"))) {
            assertThat(s.filter(p -> p.toString().endsWith("-result.json")).count()).isGreaterThan(10);
        }

        // the flaw meta-test's baseline (FlawsFailTheirChecksTest): against the clean reference every check PASSes; proven
        // here, on this same run, rather than by a second full run there
        Map<String, String[]> verdicts = RealServerCandidate.verdicts(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(run.resolve("report.json").toFile()));
        assertThat(verdicts.keySet()).containsExactlyInAnyOrderElementsOf(org.hitcert.checks.CheckCatalog.standard().ids());
        assertThat(verdicts).allSatisfy((id, v) -> assertThat(v[0]).as(id + ": " + v[1]).isEqualTo("PASS"));

        Set<String> secrets = Redactor.collectedForTests();
        assertThat(secrets).as("secrets the run handled").hasSizeGreaterThan(5)
                .anySatisfy(s -> assertThat(s).startsWith("eyJ"));
        List<Path> files;
        try (Stream<Path> s = Files.walk(run)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertThat(content).as(file + " must not contain a secret").doesNotContain(secret);
            }
        }
        for (String secret : secrets) {
            assertThat(printed).doesNotContain(secret);
        }
    }
}
