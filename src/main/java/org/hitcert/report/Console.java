package org.hitcert.report;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hitcert.model.Plan;
import org.hitcert.model.Verdict;

/** Plain console lines: one per finished TEST node as it finishes, and the summary at the end. Always scrubbed. */
final class Console {

    static final int REASON_WIDTH = 160;

    private final PrintStream out;
    private final Scrubber scrubber;

    Console(PrintStream out, Scrubber scrubber) {
        this.out = out;
        this.scrubber = scrubber;
    }

    void runStarted(RunInfo run, Plan plan) {
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
        String label = n.verdict == null ? "PLANNED" : n.verdict.name();
        String reason = oneLine(n.reason == null ? "" : n.reason);
        line(String.format(Locale.ROOT, "%-14s %-7s %-25s %-38s %6.2fs  %s", label, n.consideration.id(),
                n.requirement.id(), n.key == null ? "-" : n.key, n.durationMs() / 1000.0, reason).stripTrailing());
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
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() > REASON_WIDTH ? flat.substring(0, REASON_WIDTH - 1) + "…" : flat;
    }

    private void line(String s) {
        out.println(scrubber.apply(s));
    }
}
