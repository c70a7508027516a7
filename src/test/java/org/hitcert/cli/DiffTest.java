package org.hitcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.hitcert.report.ReportDiff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./run-suite.sh diff OLD NEW}: what got worse or better between two runs (issue 22, regressions in CI). */
class DiffTest {

    @TempDir
    Path dir;

    private static int run(ByteArrayOutputStream console, String... args) {
        PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8);
        return Main.run(args, ps, ps);
    }

    private Path certify(String name, String... more) throws Exception {
        Path out = dir.resolve(name);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        String[] args = Stream.concat(Stream.of("--only", "token.request.well-formed", "--out", out.toString()), Stream.of(more))
                .toArray(String[]::new);
        run(console, args);
        try (Stream<Path> s = Files.list(out)) {
            return s.findFirst().orElseThrow(() -> new AssertionError(console.toString(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void whenAFlawIsTurnedOnBetweenTwoRealRunsThenTheDiffNamesTheNewFailAndExits1AndTheReverseNamesItFixed() throws Exception {
        Path clean = certify("clean");
        Path flawed = certify("flawed", "--flaw", "token-params-lenient");

        ByteArrayOutputStream worse = new ByteArrayOutputStream();
        assertThat(run(worse, "diff", clean.toString(), flawed.toString())).as(worse.toString(StandardCharsets.UTF_8)).isEqualTo(1);
        assertThat(worse.toString(StandardCharsets.UTF_8)).contains("new FAIL: 1")
                .contains("token.request.well-formed: PASS → FAIL (").contains("fixed (FAIL before, not now): 0");

        ByteArrayOutputStream better = new ByteArrayOutputStream();
        assertThat(run(better, "diff", flawed.resolve("report.json").toString(), clean.toString()))
                .as(better.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(better.toString(StandardCharsets.UTF_8)).contains("new FAIL: 0").contains("fixed (FAIL before, not now): 1")
                .contains("token.request.well-formed: FAIL → PASS");
    }

    @Test
    void whenAnInputIsNotAReportThenItSaysSoAndExits2() throws Exception {
        Path html = Files.writeString(dir.resolve("page.html"), "<html>not json</html>");
        Path other = Files.writeString(dir.resolve("other.json"), "{\"a\": 1}");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        assertThat(run(console, "diff", html.toString(), other.toString())).isEqualTo(2);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains(html + " is not a readable report.json");
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        assertThat(run(second, "diff", other.toString(), other.toString())).isEqualTo(2);
        assertThat(second.toString(StandardCharsets.UTF_8)).contains("holds no considerations");
    }

    @Test
    void whenAVerdictMovesOtherwiseOrACheckRanOnceThenItIsAnOtherChange() throws Exception {
        var before = checks("a PASS", "b INCONCLUSIVE r", "gone PASS");
        var after = checks("a PASS", "b NOT_APPLICABLE s", "new FAIL f");
        ReportDiff.Diff d = ReportDiff.of(before, after);
        assertThat(d.unchanged()).isEqualTo(1);
        assertThat(d.newFailures()).extracting(ReportDiff.Change::checkId).containsExactly("new");
        assertThat(d.otherChanges()).extracting(ReportDiff.Change::checkId).containsExactly("b", "gone");
        assertThat(d.lines()).contains("  new: not run → FAIL (f)", "  b: INCONCLUSIVE → NOT_APPLICABLE (s)", "  gone: PASS → not run");
    }

    /**
     * {@code --baseline}: the exit code counts regressions only. Against a clean baseline a flaw's new FAIL exits 1 and is
     * named; against a baseline that already FAILed the same way the run exits 0 though it is not certified, and its
     * report still holds the FAIL.
     */
    @Test
    void whenARunHasABaselineThenOnlyRegressionsSetTheExitCode() throws Exception {
        Path clean = certify("clean");
        Path out = dir.resolve("against");
        ByteArrayOutputStream worse = new ByteArrayOutputStream();
        int exit = run(worse, "--only", "token.request.well-formed", "--flaw", "token-params-lenient", "--out", out.toString(),
                "--baseline", clean.toString());
        assertThat(exit).as(worse.toString(StandardCharsets.UTF_8)).isEqualTo(1);
        assertThat(worse.toString(StandardCharsets.UTF_8)).contains("1 regression(s) against the baseline: token.request.well-formed: exit 1");
        Path flawed;
        try (Stream<Path> s = Files.list(out)) {
            flawed = s.findFirst().orElseThrow();
        }
        ByteArrayOutputStream same = new ByteArrayOutputStream();
        int again = run(same, "--only", "token.request.well-formed", "--flaw", "token-params-lenient", "--out",
                dir.resolve("again").toString(), "--baseline", flawed.toString());
        assertThat(again).as(same.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(same.toString(StandardCharsets.UTF_8)).contains("no regression against the baseline: exit 0 (NOT CERTIFIED: "
                + "the report shows every finding)").contains("FAIL  ").contains("TK-REQ-HYGIENE");
    }

    @Test
    void whenTheBaselineIsNotAReportThenNothingIsSentAndTheRunExits2() throws Exception {
        Path html = Files.writeString(dir.resolve("page.html"), "<html>not json</html>");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        assertThat(run(console, "--only", "token.request.well-formed", "--out", dir.resolve("none").toString(), "--baseline",
                html.toString())).isEqualTo(2);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("--baseline: " + html + " is not a readable report.json")
                .contains("nothing was sent to any candidate");
        assertThat(dir.resolve("none")).doesNotExist();
    }

    /** A check that PASSed and is INCONCLUSIVE now is a regression (a broken login must not look like "nothing new"). */
    @Test
    void whenAPassBecomesUndecidedOrAnErrorAppearsThenItIsARegression() throws Exception {
        var before = checks("a PASS", "b INCONCLUSIVE", "c FAIL", "d PASS");
        var after = checks("a INCONCLUSIVE", "b ERROR", "c ERROR", "d NOT_APPLICABLE");
        assertThat(ReportDiff.of(before, after).regressions()).extracting(ReportDiff.Change::checkId).containsExactly("a", "b");
    }

    /** A report.json of one requirement whose checks are given as "id VERDICT [reason]". */
    private static com.fasterxml.jackson.databind.JsonNode checks(String... idVerdictReason) {
        ObjectMapper json = new ObjectMapper();
        var root = json.createObjectNode();
        var list = root.putArray("considerations").addObject().putArray("requirements").addObject().putArray("checks");
        for (String c : idVerdictReason) {
            String[] p = c.split(" ", 3);
            var check = list.addObject().put("checkId", p[0]).put("verdict", p[1]);
            if (p.length > 2) {
                check.put("reason", p[2]);
            }
        }
        return root;
    }
}
