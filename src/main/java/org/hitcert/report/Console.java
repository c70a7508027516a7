package org.hitcert.report;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hitcert.model.Plan;
import org.hitcert.model.Verdict;

/**
 * Console lines: one per finished TEST node as it finishes, a line when a check starts a deliberate wait of more than
 * {@link #NAMED_WAIT} (what it waits for), and the summary at the end. On a terminal ({@link #live}) one more line
 * stays at the bottom and is rewritten as checks start and end: done/total, running, failed so far, and the time left,
 * at least the longest pending wait. In CI (no terminal) only the plain lines. Always scrubbed.
 */
final class Console {

    static final int REASON_WIDTH = 160;
    static final long NAMED_WAIT = 10;
    /** Erases the terminal's current line: carriage return, then ANSI "erase line". */
    private static final String ERASE = "\r\u001b[2K";

    private final PrintStream out;
    private final Scrubber scrubber;
    private boolean live;
    private int total;
    private int done;
    private int failed;
    private final java.util.Set<String> running = new java.util.HashSet<>();
    /** Check key → when (System.nanoTime) its deliberate wait ends. */
    private final Map<String, Long> waits = new java.util.HashMap<>();
    private long startNanos = System.nanoTime();
    private boolean statusShown;

    Console(PrintStream out, Scrubber scrubber) {
        this.out = out;
        this.scrubber = scrubber;
    }

    /** On a terminal: keep a live progress line at the bottom. */
    void live(boolean on) {
        this.live = on;
    }

    /** How many checks the run will report, for the progress line. */
    void total(int checks) {
        this.total = checks;
    }

    void started(TestNodeRun n) {
        if (n.key != null) {
            running.add(n.key);
            status();
        }
    }

    /** A check starts a deliberate wait of {@code seconds}; named on the console when longer than {@link #NAMED_WAIT}. */
    void waiting(TestNodeRun n, long seconds, String forWhat) {
        waits.put(String.valueOf(n.key), System.nanoTime() + seconds * 1_000_000_000L);
        if (seconds > NAMED_WAIT) {
            line("waiting on purpose: " + n.key + " waits " + seconds + " s for " + forWhat);
        }
        status();
    }

    /** The progress line's text: done/total, running, failed, and the time left. */
    String progress() {
        long now = System.nanoTime();
        long elapsed = (now - startNanos) / 1_000_000_000L;
        long byRate = done == 0 ? -1 : elapsed * (total - done) / done;
        long longestWait = waits.values().stream().mapToLong(until -> (until - now) / 1_000_000_000L).max().orElse(0);
        long left = done == 0 && longestWait == 0 ? -1 : Math.max(byRate, longestWait);
        return String.format(Locale.ROOT, "[%d/%d done, %d running, %d failed; %s]", done, total, running.size(), failed,
                left < 0 ? "time left: estimating" : "about " + left / 60 + ":" + String.format(Locale.ROOT, "%02d", left % 60)
                        + " left" + (longestWait > 0 && longestWait >= byRate ? " (a deliberate wait)" : ""));
    }

    /** Rewrites the progress line (a clock tick: the time left moves while nothing ends). */
    void tick() {
        if (statusShown) {
            status();
        }
    }

    private void status() {
        if (live) {
            out.print(ERASE + scrubber.apply(progress()));
            out.flush();
            statusShown = true;
        }
    }

    void runStarted(RunInfo run, Plan plan) {
        startNanos = System.nanoTime();
        line(String.format(Locale.ROOT, "hitcert %s: plan %s (%s), candidate %s%s", run.suiteVersion(), plan.id(),
                plan.title(), run.candidateName(), run.flaws().isEmpty() ? "" : " with flaws " + run.flaws()));
    }

    /** The checks that will wait on purpose, and how long, as the run states them before the first check. */
    void plannedWaits(String waits) {
        line("planned waits: " + waits);
    }

    void finished(TestNodeRun n) {
        if (n.verdict == null) {
            return; // planned requirements are counted in the summary, not listed one by one
        }
        if (n.key != null) {
            done++;
            running.remove(n.key);
            waits.remove(n.key);
            if (n.verdict == Verdict.FAIL || n.verdict == Verdict.ERROR) {
                failed++;
            }
        }
        String label = n.verdict == null ? "PLANNED" : n.verdict.name();
        String reason = oneLine(n.reason == null ? "" : n.reason);
        line(String.format(Locale.ROOT, "%-14s %-7s %-25s %-38s %6.2fs  %s", label, n.consideration.id(),
                n.requirement.id(), n.key == null ? "-" : n.key, n.durationMs() / 1000.0, reason).stripTrailing());
        status();
    }

    void summary(Report report, Path reportDir, List<String> problems) {
        Report.Overall overall = report.overall();
        StringBuilder counts = new StringBuilder();
        for (Map.Entry<Verdict, Integer> e : overall.counts().entrySet()) {
            counts.append(e.getKey().name()).append(' ').append(e.getValue()).append("  ");
        }
        counts.append("planned ").append(overall.planned());
        line("");
        line(counts.toString());
        if (!overall.notAssessed().isEmpty()) {
            line("not assessed (INCONCLUSIVE for a gap in the candidate file; add what each line says and run again):");
            overall.notAssessed().forEach(g -> line("  " + oneLine(g.reason()) + ": " + String.join(", ",
                    g.requirements().stream().map(r -> r.substring(r.indexOf('/') + 1)).toList())));
        }
        if (overall.certified()) {
            line("CERTIFIED: no required requirement failed, errored or stayed inconclusive; " + overall.scope());
        } else if (overall.blocking().isEmpty()) {
            line("NOT CERTIFIED: " + overall.scope() + " (a partial run is never certified)");
        } else {
            line("NOT CERTIFIED: " + overall.blocking().size() + " blocking requirement"
                    + (overall.blocking().size() == 1 ? "" : "s") + (overall.partial() ? "; " + overall.scope() : ""));
            report.considerations().forEach(c -> c.requirements().stream().filter(Report.RequirementResult::blocking)
                    .forEach(r -> line(String.format(Locale.ROOT, "  %-7s %-20s %-12s %s", c.id(), r.id(),
                            r.verdict(), oneLine(r.reason() == null ? "" : r.reason())).stripTrailing())));
        }
        if (!report.run().complete()) {
            line("the run ended before every check reported: checks without a result count as ERROR");
        }
        for (String problem : problems) {
            line("report not written: " + problem);
        }
        line("report: " + reportDir.toAbsolutePath().resolve("report.html"));
        out.flush();
    }

    private static String oneLine(String s) {
        return oneLine(s, REASON_WIDTH);
    }

    /** {@code s} on one line, cut to {@code width} characters with an ellipsis: the full text is in the report. */
    static String oneLine(String s, int width) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() > width ? flat.substring(0, width - 1) + "…" : flat;
    }

    private void line(String s) {
        if (statusShown) {
            out.print(ERASE); // the progress line gives way, and comes back below with the next status
            statusShown = false;
        }
        out.println(scrubber.apply(s));
    }
}
