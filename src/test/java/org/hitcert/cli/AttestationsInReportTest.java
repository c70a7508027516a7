package org.hitcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vendor's answers reach the report as evidence of their attestation requirements, attachments included
 * and covered by the signature; the verdict stays ATTESTATION. A broken answers file stops the run first.
 */
class AttestationsInReportTest {

    @TempDir
    Path dir;

    private int run(ByteArrayOutputStream console, String... args) {
        PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8);
        return Main.run(args, ps, ps);
    }

    @Test
    void whenAnswersAreSuppliedThenTheReportShowsThemAwaitingReviewWithTheirAttachments() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path out = dir.resolve("reports");
        int exit = run(console, "--only", "THREAT-MONITORING", "--only", "COMPAT-INFO",
                "--attestations", "fixtures/attestations/reference.yaml", "--out", out.toString());
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isEqualTo(Main.NOT_CERTIFIED); // a partial run (--only) is never certified
        assertThat(printed).contains("NOT CERTIFIED: partial run: ").contains("ATTESTATION 2").contains("evidence supplied by hitcert maintainers")
                .contains("awaiting the vendor's evidence");
        Path report;
        try (Stream<Path> runs = Files.list(out)) {
            report = runs.findFirst().orElseThrow();
        }
        String json = Files.readString(report.resolve("report.json"));
        assertThat(json).contains("The reference candidate logs every replayed authorization code")
                .contains("evidence/001-THREAT-MONITORING-audit-log-excerpt.txt").doesNotContain("\"verdict\" : \"PASS\"");
        assertThat(report.resolve("evidence/001-THREAT-MONITORING-audit-log-excerpt.txt"))
                .hasSameTextualContentAs(Path.of("fixtures/attestations/reference/audit-log-excerpt.txt"));
        ByteArrayOutputStream verify = new ByteArrayOutputStream();
        assertThat(run(verify, "verify", report.toString())).as(verify.toString(StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void whenAnAnswerIsWrongThenNothingIsSentAndTheProblemIsLocated() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int exit = run(console, "--attestations", "src/test/resources/load/attestations/plan-mismatch.yaml",
                "--out", dir.resolve("reports").toString());
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isEqualTo(Main.BAD_INPUT);
        assertThat(printed).contains("plan-mismatch.yaml:3:5: requirement 'AZ-PKCE-REQUIRED' is decided by checks")
                .contains("nothing was sent");
        assertThat(dir.resolve("reports")).doesNotExist();
    }
}
