package org.hitcert.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.model.Verdict;

/**
 * The top of report.html (issue 19 item 5): what the reader has to do, before the details. Findings to fix (each FAIL
 * and ERROR with its level, one-line reason, the sources it breaks and what is expected), then the undecided
 * requirements (INCONCLUSIVE) grouped by what the tester must add or fix, then the attestations awaiting evidence.
 * Requirements the candidate file lacks something for are left to the report's "not assessed" table, which already
 * groups them by what to add.
 */
final class WhatToDo {

    /** One finding: a requirement that FAILed or ERRORed. */
    record Finding(String anchor, String id, String level, Verdict verdict, String reason, List<Report.SourceLink> sources,
                   String expected) {
    }

    /** An attestation awaiting evidence: the page anchor, the requirement, the evidence to attach. */
    record Attestation(String anchor, String id, String evidence) {
    }

    /** Undecided requirements that share a cause, with what to do about it. */
    record Group(String todo, List<String> anchors, List<String> ids) {
    }

    /** A cause of INCONCLUSIVE, recognised by its reason, and what the tester does about it. */
    private record Cause(String todo, java.util.function.Predicate<String> matches) {
    }

    /** Checked in order; the first that matches a reason names its group. */
    private static final List<Cause> CAUSES = List.of(
            new Cause("Fix the setup basic the preflight names (./run-suite.sh doctor --candidate FILE checks the setup alone),"
                    + " then run again", r -> r.startsWith("not run: the preflight")),
            new Cause("The candidate throttled the suite (429, or 503 with Retry-After): raise the test clients' rate limits"
                    + " or run fewer checks at once (--parallel), then run again", r -> r.contains("throttled the suite")),
            new Cause("The login automation did not get through: check the candidate file's login steps and the registered"
                    + " callback (doctor shows where it stopped, with a screenshot)", r -> r.contains("gave no code")
                    || r.contains("login step") || r.contains("never reached the redirect URI")),
            new Cause("A check ran out of time: give more (--check-timeout, --step-timeout) or look at the server's"
                    + " response times", r -> r.contains("time limit")),
            new Cause("Could not be decided for the reason given: read it, fix what it names, or explain it to the"
                    + " certification body", r -> true));

    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final List<Attestation> attestations = new ArrayList<>();

    static WhatToDo of(Report report) {
        WhatToDo w = new WhatToDo();
        for (Report.ConsiderationResult c : report.considerations()) {
            for (Report.RequirementResult r : c.requirements()) {
                w.add(c, r);
            }
        }
        return w;
    }

    private void add(Report.ConsiderationResult c, Report.RequirementResult r) {
        String anchor = HtmlReportWriter.requirementAnchor(c.id(), r.id());
        String id = c.id() + " " + r.id();
        // at most 240 characters: the table stays readable; the full reason is below
        String reason = r.reason() == null ? "" : Console.oneLine(r.reason(), 240);
        if (r.verdict() == Verdict.FAIL || r.verdict() == Verdict.ERROR) {
            findings.add(new Finding(anchor, id, r.level(), r.verdict(), reason, r.sources(),
                    r.verdict() == Verdict.ERROR ? "the suite or its input broke here: the reason says where" : r.title()));
        } else if (r.verdict() == Verdict.INCONCLUSIVE && !r.notAssessed()) {
            Cause cause = CAUSES.stream().filter(k -> k.matches().test(reason)).findFirst().orElseThrow();
            Group g = groups.computeIfAbsent(cause.todo(), t -> new Group(t, new ArrayList<>(), new ArrayList<>()));
            g.anchors().add(anchor);
            g.ids().add(id);
        } else if (r.verdict() == Verdict.ATTESTATION && !"planned".equals(r.status())) {
            attestations.add(new Attestation(anchor, id, r.attestation() == null || r.attestation().isBlank()
                    ? "no evidence described" : r.attestation()));
        }
    }

    /** Required findings first, then recommended, then the rest; in plan order within a level. */
    List<Finding> findings() {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(java.util.Comparator.comparingInt(f -> switch (f.level()) {
            case "required" -> 0;
            case "recommended" -> 1;
            default -> 2;
        }));
        return sorted;
    }

    List<Group> undecided() {
        return List.copyOf(groups.values());
    }

    List<Attestation> attestations() {
        return attestations;
    }

    boolean empty() {
        return findings.isEmpty() && groups.isEmpty() && attestations.isEmpty();
    }
}
