package org.hitcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 item 2: {@code doctor} says READY (exit 0) for a candidate whose setup works, and for one whose login steps
 * find no element NOT READY (exit 2) naming the step, before a run spends minutes on undecidable verdicts.
 */
class DoctorTest {

    @TempDir
    Path dir;

    private String doctor(Path candidate, int expectedExit, int stepTimeout) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(console, true, StandardCharsets.UTF_8);
        int exit = Main.run(new String[] {"doctor", "--candidate", candidate.toString(), "--out", dir.resolve("reports").toString(),
                "--step-timeout", Integer.toString(stepTimeout)}, print, print);
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isEqualTo(expectedExit);
        return printed;
    }

    @Test
    void whenTheSetupWorksThenDoctorSaysReadyWithWhatEachBasicShowed() throws Exception {
        String printed = doctor(Path.of("fixtures/candidates/reference.yaml"), Main.CERTIFIED, 10);
        assertThat(printed).contains("\nREADY\n").doesNotContain("PROBLEM").doesNotContain("warning");
        assertThat(printed.lines().filter(l -> l.startsWith("  ok ")).count()).isEqualTo(Preflight.ITEMS.size());
        assertThat(printed).contains("refresh tokens: which client gets them: the confidential client");
    }

    @Test
    void whenTheLoginStepsFindNoElementThenDoctorSaysNotReadyAndNamesTheStep() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken-login.yaml"), Files.readString(
                Path.of("fixtures/candidates/reference.yaml")).replace("  flaws: []", "  flaws: [login-submit-renamed]"));
        String printed = doctor(broken, Main.BAD_INPUT, 1); // each check waits the step limit for the missing button
        assertThat(printed).contains("NOT READY").contains("  ok       TLS:").contains("  ok       discovery:")
                .containsPattern("PROBLEM  login: .*login step 3 \\(click 'button\\[type=submit\\]'.*found no element");
    }
}
