package org.hitcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hitcert.engine.SetupGate;
import org.hitcert.report.ReportDiff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 item 2: a run starts with the setup's basics ({@link SetupGate}). When a blocking one cannot be exercised
 * (here the login steps find no submit button), every other check ends at once as INCONCLUSIVE naming it, and the run
 * exits 2 with doctor's lines; when the basics work, the gate changes no verdict.
 */
class RunPreflightTest {

    @TempDir
    Path dir;

    private record Run(int exit, String console, Map<String, ReportDiff.Outcome> outcomes) {
    }

    private Run run(Path candidate, String... more) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(console, true, StandardCharsets.UTF_8);
        Path out = Files.createTempDirectory(dir, "reports-");
        List<String> args = new ArrayList<>(List.of("--candidate", candidate.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        int exit = Main.run(args.toArray(String[]::new), print, print);
        Path report;
        try (var folders = Files.list(out)) {
            report = folders.map(p -> p.resolve("report.json")).filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        return new Run(exit, console.toString(StandardCharsets.UTF_8), ReportDiff.outcomes(new ObjectMapper().readTree(report.toFile())));
    }

    @Test
    void whenTheLoginBasicFailsThenTheOtherChecksAreNotRunAndTheRunExits2() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken-login.yaml"), Files.readString(
                Path.of("fixtures/candidates/reference.yaml")).replace("  flaws: []", "  flaws: [login-submit-renamed]"));
        // basics, and checks of other kinds: plain HTTP, a browser check, one that waits on purpose
        Run r = run(broken, "--preflight", "--step-timeout", "1", "--only", "authorize.code-flow.pkce", "--only",
                "transport.certificates.valid", "--only", "discovery.oidc.consistent", "--only", "token.password-grant.refused",
                "--only", "crosssite.framing.refused", "--only", "token.code.expires", "--only", "discovery.endpoints.https");
        assertThat(r.exit()).as(r.console()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.console()).contains("hitcert: STOPPED EARLY: a basic of the setup fails")
                .containsPattern("PROBLEM  login: .*login step 3 \\(click 'button\\[type=submit\\]'");
        assertThat(r.outcomes().get("authorize.code-flow.pkce").verdict()).isEqualTo("INCONCLUSIVE");
        assertThat(r.outcomes().get("transport.certificates.valid").verdict()).isEqualTo("PASS");
        for (String other : List.of("token.password-grant.refused", "crosssite.framing.refused", "token.code.expires",
                "discovery.endpoints.https")) {
            ReportDiff.Outcome o = r.outcomes().get(other);
            assertThat(o.verdict()).as(other).isEqualTo("INCONCLUSIVE");
            assertThat(o.reason()).as(other).startsWith("not run: the preflight found a basic of the setup failing (login:");
        }
    }

    @Test
    void whenTheBasicsWorkThenTheGateChangesNoVerdict() throws Exception {
        Run r = run(Path.of("fixtures/candidates/reference.yaml"), "--preflight", "--only", "authorize.code-flow.pkce",
                "--only", "discovery.oidc.consistent", "--only", "token.password-grant.refused", "--only",
                "discovery.endpoints.https", "--only", "crosssite.framing.refused");
        assertThat(r.exit()).as(r.console()).isEqualTo(Main.NOT_CERTIFIED); // a partial run is never certified
        assertThat(r.console()).doesNotContain("STOPPED EARLY");
        assertThat(r.outcomes()).hasSize(5).allSatisfy((id, o) -> assertThat(o.verdict()).as(id + ": " + o.reason()).isEqualTo("PASS"));
    }
}
