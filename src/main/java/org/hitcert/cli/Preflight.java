package org.hitcert.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hitcert.engine.SetupGate;
import org.hitcert.report.ReportDiff;

/**
 * {@code ./run-suite.sh doctor}: whether a candidate file is set up well enough for a run to decide anything, told by
 * running the few checks that each exercise one basic of the setup (TLS trust, discovery, the login steps with the
 * registered callback, the clients' authentication, refresh tokens, the FHIR samples) through the same engine as a run,
 * and reading what they could not do. A check that decided (PASS, FAIL, NOT_APPLICABLE) shows the basic works: a FAIL is
 * a finding for the run, not a setup problem. One that could not (INCONCLUSIVE, ERROR) is a problem, with its reason,
 * which names what to add or fix.
 */
final class Preflight {

    /** The basics, as the run's own preflight ({@link SetupGate}) runs them first. */
    static final List<SetupGate.Basic> ITEMS = SetupGate.BASICS;

    /** The checks a preflight runs. */
    static List<String> checkIds() {
        return ITEMS.stream().map(SetupGate.Basic::checkId).toList();
    }

    /** What the preflight found: a line per basic, and whether a blocking one has a problem. */
    record Findings(List<String> lines, boolean blocked, int problems) {
    }

    /** Reads the preflight run's report.json. */
    static Findings of(JsonNode report) {
        Map<String, ReportDiff.Outcome> checks = ReportDiff.outcomes(report);
        List<String> lines = new ArrayList<>();
        boolean blocked = false;
        int problems = 0;
        for (SetupGate.Basic item : ITEMS) {
            ReportDiff.Outcome ch = checks.get(item.checkId());
            if (ch == null) {
                lines.add("  -        " + item.what() + ": not in the plan");
                continue;
            }
            String reason = oneLine(ch.reason());
            switch (ch.verdict()) {
                case "PASS" -> lines.add("  ok       " + item.what() + ": " + shortened(reason));
                case "FAIL" -> lines.add("  ok       " + item.what() + " (works; the run will report a finding: " + reason + ")");
                case "NOT_APPLICABLE" -> lines.add("  n/a      " + item.what() + ": " + reason);
                default -> {
                    problems++;
                    blocked |= item.blocking();
                    lines.add((item.blocking() ? "  PROBLEM  " : "  warning  ") + item.what() + ": " + reason
                            + " [" + item.checkId() + "]" + hint(reason));
                }
            }
        }
        return new Findings(lines, blocked, problems);
    }

    /**
     * What to try when the browser stopped at a page of the server with no login step failing: most often a page the
     * login steps do not cover yet (consent, a second factor, an account chooser).
     */
    static String hint(String reason) {
        boolean stoppedQuietly = (reason.contains("stopped at") || reason.contains("never reached the redirect URI"))
                && !reason.contains("login step") && !reason.contains("still at the login page");
        return stoppedQuietly ? "; the login steps ran without a problem and the browser stayed on that page: if it asks"
                + " the user something (consent, a second factor), add its steps (consent: true on a consent page's);"
                + " the report has its screenshot" : "";
    }

    private static String shortened(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }

    /** One line, with URL queries elided: the cause (which step found nothing, what the server said) stays in view. */
    static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").replaceAll("(https?://[^\\s?]+)\\?[^\\s)]*", "$1?…").strip();
        return t.length() > 400 ? t.substring(0, 400) + "…" : t;
    }

    private Preflight() {
    }
}
