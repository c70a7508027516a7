package org.hitcert.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Consideration;
import org.hitcert.model.Plan;
import org.hitcert.model.Requirement;
import org.hitcert.model.Sources;
import org.hitcert.model.Verdict;
import org.hitcert.model.Verdicts;

/** Folds the TEST nodes' outcomes into requirements, considerations and the overall verdict; scrubs every string. */
final class ReportBuilder {

    private final Plan plan;
    /** The plan as written, of which {@link #plan} may be a part ({@code --only}). */
    private final Plan whole;
    private final RunInfo run;
    private final Scrubber s;

    ReportBuilder(Plan plan, RunInfo run, Scrubber scrubber) {
        this(plan, plan, run, scrubber);
    }

    ReportBuilder(Plan plan, Plan whole, RunInfo run, Scrubber scrubber) {
        this.plan = plan;
        this.whole = whole;
        this.run = run;
        this.s = scrubber;
    }

    Report build(Collection<TestNodeRun> nodes, Map<String, String> environment, Instant finished, boolean complete) {
        EnumMap<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0);
        }
        int planned = 0;
        List<String> blocking = new ArrayList<>();
        Map<String, List<String>> notAssessed = new LinkedHashMap<>();
        java.util.Set<String> assessed = new java.util.HashSet<>();
        List<Report.ConsiderationResult> considerations = new ArrayList<>();
        for (Consideration c : plan.considerations()) {
            List<Report.RequirementResult> requirements = new ArrayList<>();
            for (Requirement r : c.requirements()) {
                List<TestNodeRun> mine = nodes.stream()
                        .filter(n -> n.consideration.id().equals(c.id()) && n.requirement.id().equals(r.id())).toList();
                for (TestNodeRun n : mine) {
                    if (n.verdict != null) {
                        counts.merge(n.verdict, 1, Integer::sum);
                    } else {
                        planned++;
                    }
                }
                Report.RequirementResult result = requirement(c, r, mine);
                if (result.blocking()) {
                    blocking.add(c.id() + "/" + r.id());
                }
                if (result.notAssessed()) {
                    notAssessed.computeIfAbsent(result.reason(), k -> new ArrayList<>()).add(c.id() + "/" + r.id());
                } else if (result.verdict() != null && mine.stream().allMatch(n -> n.verdict == Verdict.ATTESTATION
                        || n.hasOutcome() && n.status != TestNodeRun.Status.SKIPPED && !Inconclusive.isNotAssessed(n.reason))) {
                    assessed.add(c.id() + "/" + r.id() + "#" + r.checks().size());
                }
                requirements.add(result);
            }
            Verdict worst = Verdicts.worst(requirements.stream().map(Report.RequirementResult::verdict)
                    .filter(Objects::nonNull).toList());
            considerations.add(new Report.ConsiderationResult(s.apply(c.id()), s.apply(c.title()), s.apply(c.text()),
                    worst, requirements));
        }
        Map<String, String> env = new LinkedHashMap<>();
        environment.forEach((k, v) -> env.put(s.apply(k), s.apply(v)));
        Report.Run runInfo = new Report.Run(s.apply(run.suiteVersion()), s.apply(plan.id()), s.apply(plan.title()),
                s.apply(run.planFile()), s.apply(run.candidateName()), s.apply(run.candidateFile()), s.all(run.flaws()),
                run.started().toString(), finished.toString(),
                Math.max(0, Duration.between(run.started(), finished).toMillis()), complete, env);
        int required = 0;
        int requiredAssessed = 0;
        for (Consideration c : whole.considerations()) {
            for (Requirement r : c.requirements()) {
                if (r.level() == org.hitcert.model.Level.REQUIRED && r.status() == Requirement.Status.ACTIVE) {
                    required++;
                    // every check of the plan's requirement ran: a requirement cut down to some checks is not assessed
                    requiredAssessed += assessed.contains(c.id() + "/" + r.id() + "#" + r.checks().size()) ? 1 : 0;
                }
            }
        }
        List<Report.NotAssessed> gaps = new ArrayList<>();
        notAssessed.forEach((reason, ids) -> gaps.add(new Report.NotAssessed(s.apply(reason), s.all(ids))));
        Report.Overall overall = new Report.Overall(blocking.isEmpty() && requiredAssessed >= required, counts, planned,
                s.all(blocking), gaps, requiredAssessed, required);
        return new Report(Report.SCHEMA, runInfo, overall, considerations, matrices(considerations));
    }

    /** The browser matrices the checks recorded, in plan order (already scrubbed with their evidence). */
    @SuppressWarnings("unchecked")
    private static List<Report.BrowserMatrix> matrices(List<Report.ConsiderationResult> considerations) {
        List<Report.BrowserMatrix> out = new ArrayList<>();
        for (Report.ConsiderationResult c : considerations) {
            for (Report.RequirementResult r : c.requirements()) {
                for (Report.CheckResult check : r.checks()) {
                    for (org.hitcert.model.Evidence e : check.evidence()) {
                        if ("browser-matrix".equals(e.kind()) && e.details().get("columns") instanceof List<?> columns
                                && e.details().get("rows") instanceof List<?> rows) {
                            out.add(new Report.BrowserMatrix(check.checkId(), r.id(), check.verdict(),
                                    columns.stream().map(String::valueOf).toList(),
                                    rows.stream().filter(Map.class::isInstance).map(m -> (Map<String, Object>) m).toList()));
                        }
                    }
                }
            }
        }
        return out;
    }

    private Report.RequirementResult requirement(Consideration c, Requirement r, List<TestNodeRun> mine) {
        List<Verdict> verdicts = mine.stream().map(n -> n.verdict).filter(Objects::nonNull).toList();
        Verdict worst = Verdicts.worst(verdicts);
        boolean planned = r.status() == Requirement.Status.PLANNED || !mine.isEmpty() && verdicts.isEmpty();
        String reason = mine.stream().filter(n -> n.verdict == worst).map(n -> n.reason).filter(Objects::nonNull)
                .findFirst().orElse(mine.isEmpty() ? "no check reported" : null);
        // INCONCLUSIVE only for gaps in the candidate file: "not assessed", listed apart with what to add
        boolean notAssessed = worst == Verdict.INCONCLUSIVE && mine.stream().filter(n -> n.verdict == worst)
                .allMatch(n -> Inconclusive.isNotAssessed(n.reason));
        List<Report.SourceLink> sources = r.sources().stream()
                .map(id -> new Report.SourceLink(s.apply(id), Sources.url(id).map(Object::toString).orElse(null)))
                .toList();
        Report.CheckResult test = null;
        List<Report.CheckResult> checks = new ArrayList<>();
        for (TestNodeRun n : mine) {
            if (n.isRequirementNode()) {
                test = check(n);
            } else {
                checks.add(check(n));
            }
        }
        boolean attestation = r.kind() == Requirement.Kind.ATTESTATION;
        return new Report.RequirementResult(s.apply(r.id()), s.apply(r.title()), r.level().yamlName(), sources,
                attestation ? "attestation" : "automated", planned ? "planned" : "active", worst, s.apply(reason),
                Verdicts.blocksCertification(r.level(), worst), notAssessed, attestation ? s.apply(r.evidence()) : null,
                test, checks);
    }

    private Report.CheckResult check(TestNodeRun n) {
        String uniqueId = n.uniqueId != null ? n.uniqueId : n.defaultUniqueId(plan.id());
        return new Report.CheckResult(s.apply(n.checkId), s.apply(n.name()), s.apply(n.requirement.id()),
                s.apply(n.consideration.id()), s.apply(uniqueId), n.status.jsonName(), n.verdict, s.apply(n.reason),
                n.durationMs(), n.evidence.stream().map(s::evidence).toList(), List.copyOf(n.attachments),
                n.browser == null ? null : s.apply(n.browser));
    }
}
