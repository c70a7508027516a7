package org.hitcert.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.hitcert.model.Consideration;
import org.hitcert.model.Level;
import org.hitcert.model.Requirement;
import org.hitcert.model.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 4: on a terminal a live progress line (done/total, running, failed, time left, at least the longest
 * pending wait) under the plain lines; without one, the plain lines only; a deliberate wait of more than 10 s is named
 * on the console either way.
 */
class ConsoleTest {

    private static TestNodeRun node(String key) {
        Requirement r = ReportListenerTest.req("R-" + key, Level.REQUIRED, List.of("RFC6749-4.1"), key);
        return new TestNodeRun(new Consideration("TSS-01", "t", "text", List.of(r), ReportListenerTest.HERE), r, key);
    }

    private static void end(Console console, TestNodeRun n, Verdict v) {
        n.started = Instant.parse("2026-01-01T00:00:00Z");
        n.finished = Instant.parse("2026-01-01T00:00:01Z");
        n.verdict = v;
        n.reason = "why";
        console.finished(n);
    }

    @Test
    void whenLiveThenAProgressLineFollowsTheChecksAndALongWaitIsNamedAndCounted() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), new Scrubber(s -> s));
        console.live(true);
        console.total(3);
        TestNodeRun a = node("a.check");
        TestNodeRun b = node("b.check");
        TestNodeRun c = node("c.check");
        console.started(a);
        console.started(b);
        assertThat(console.progress()).isEqualTo("[0/3 done, 2 running, 0 failed; time left: estimating]");
        console.waiting(b, 60, "the lifetime the candidate claims (code-lifetime-seconds)");
        assertThat(console.progress()).matches("\\[0/3 done, 2 running, 0 failed; about 0:(59|60) left \\(a deliberate wait\\)]|"
                + "\\[0/3 done, 2 running, 0 failed; about 1:00 left \\(a deliberate wait\\)]");
        end(console, a, Verdict.FAIL);
        console.started(c);
        end(console, c, Verdict.PASS);
        assertThat(console.progress()).startsWith("[2/3 done, 1 running, 1 failed; about ");
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("waiting on purpose: b.check waits 60 s for the lifetime the candidate claims "
                + "(code-lifetime-seconds)").contains("\r\u001b[2K[1/3 done, 2 running, 1 failed;");
        // every plain line starts on a cleared line: no progress text is left in front of it
        assertThat(printed.lines().filter(l -> l.contains("a.check") && l.startsWith("FAIL"))).hasSize(0);
        assertThat(printed).contains("\r\u001b[2KFAIL ");
    }

    @Test
    void whenNotLiveThenOnlyPlainLinesAndShortWaitsAreNotNamed() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), new Scrubber(s -> s));
        console.total(1);
        TestNodeRun a = node("a.check");
        console.started(a);
        console.waiting(a, 5, "a deliberate pause");
        end(console, a, Verdict.PASS);
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).doesNotContain("\u001b").doesNotContain("waiting on purpose").startsWith("PASS ");
        assertThat(printed.lines()).hasSize(1);
    }
}
