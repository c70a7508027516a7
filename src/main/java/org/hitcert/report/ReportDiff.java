package org.hitcert.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What changed between two runs' {@code report.json}, check by check (issue 22, regressions in CI): new FAILs (a check
 * that FAILs now and did not before), fixed ones (FAILed before, not now), every other change of verdict, and the checks
 * only one run has. Reasons come from the reports, which hold no secret.
 */
public final class ReportDiff {

    /** One check's verdict and reason in one run. */
    public record Outcome(String verdict, String reason) {
    }

    /** One check whose verdict differs; {@code before} or {@code after} is null when the check ran in one run only. */
    public record Change(String checkId, Outcome before, Outcome after) {
        String line() {
            return checkId + ": " + (before == null ? "not run" : before.verdict()) + " → "
                    + (after == null ? "not run" : after.verdict())
                    + (after != null && !after.reason().isBlank() ? " (" + after.reason() + ")"
                            : before != null && !before.reason().isBlank() ? " (was: " + before.reason() + ")" : "");
        }
    }

    /** The changes, sorted by check id within each kind. */
    public record Diff(List<Change> newFailures, List<Change> fixed, List<Change> otherChanges, int unchanged) {

        /**
         * What a run against a baseline counts as worse ({@code --baseline}): a check that FAILs or ERRORs now and did not
         * before, and one that PASSed before and is undecided now (INCONCLUSIVE: a broken login must not pass as "nothing
         * new"). A check the baseline did not run counts when it FAILs or ERRORs.
         */
        public List<Change> regressions() {
            List<Change> worse = new ArrayList<>();
            for (List<Change> kind : List.of(newFailures, fixed, otherChanges)) {
                for (Change c : kind) {
                    String vb = c.before() == null ? null : c.before().verdict();
                    String va = c.after() == null ? null : c.after().verdict();
                    boolean broke = ("FAIL".equals(va) || "ERROR".equals(va)) && !"FAIL".equals(vb) && !"ERROR".equals(vb);
                    boolean lost = "PASS".equals(vb) && "INCONCLUSIVE".equals(va);
                    if (broke || lost) {
                        worse.add(c);
                    }
                }
            }
            worse.sort(java.util.Comparator.comparing(Change::checkId));
            return worse;
        }

        /** The text {@code ./run-suite.sh diff} prints. */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            section(out, "new FAIL", newFailures);
            section(out, "fixed (FAIL before, not now)", fixed);
            section(out, "other verdict changes", otherChanges);
            out.add(unchanged + " check(s) unchanged");
            return out;
        }

        private static void section(List<String> out, String title, List<Change> changes) {
            out.add(title + ": " + changes.size());
            changes.forEach(c -> out.add("  " + c.line()));
        }
    }

    private ReportDiff() {
    }

    /** Thrown by {@link #read} for a file that is not a hitcert report.json; the message says what to give instead. */
    public static final class NotAReport extends Exception {
        private static final long serialVersionUID = 1L;

        NotAReport(String message) {
            super(message);
        }
    }

    /** A report folder's report.json, or the file itself. */
    public static JsonNode read(java.nio.file.Path given) throws NotAReport {
        java.nio.file.Path json = java.nio.file.Files.isDirectory(given) ? given.resolve("report.json") : given;
        JsonNode report;
        try {
            report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        } catch (java.io.IOException e) {
            throw new NotAReport(json + " is not a readable report.json (" + e.getMessage()
                    + "); give a report folder of ./run-suite.sh or its report.json");
        }
        if (report == null || !report.path("considerations").isArray()) {
            throw new NotAReport(json + " holds no considerations: not a hitcert report.json");
        }
        return report;
    }

    /** Check id → outcome of a report.json (its considerations → requirements → checks). */
    public static Map<String, Outcome> outcomes(JsonNode report) {
        Map<String, Outcome> out = new LinkedHashMap<>();
        for (JsonNode c : report.path("considerations")) {
            for (JsonNode r : c.path("requirements")) {
                for (JsonNode k : r.path("checks")) {
                    out.put(k.path("checkId").asText(), new Outcome(k.path("verdict").asText(), k.path("reason").asText("")));
                }
            }
        }
        return out;
    }

    public static Diff of(JsonNode before, JsonNode after) {
        Map<String, Outcome> old = outcomes(before);
        Map<String, Outcome> now = outcomes(after);
        List<Change> newFailures = new ArrayList<>();
        List<Change> fixed = new ArrayList<>();
        List<Change> other = new ArrayList<>();
        int unchanged = 0;
        TreeSet<String> ids = new TreeSet<>(old.keySet());
        ids.addAll(now.keySet());
        for (String id : ids) {
            Outcome b = old.get(id);
            Outcome a = now.get(id);
            String vb = b == null ? null : b.verdict();
            String va = a == null ? null : a.verdict();
            if (va != null && va.equals(vb)) {
                unchanged++;
            } else if ("FAIL".equals(va)) {
                newFailures.add(new Change(id, b, a));
            } else if ("FAIL".equals(vb)) {
                fixed.add(new Change(id, b, a));
            } else {
                other.add(new Change(id, b, a));
            }
        }
        return new Diff(newFailures, fixed, other, unchanged);
    }
}
