package org.hitcert.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.hitcert.checks.Outcomes;
import org.hitcert.model.Consideration;
import org.hitcert.model.Evidence;
import org.hitcert.model.Plan;
import org.hitcert.model.Requirement;
import org.hitcert.model.Verdict;
import org.hitcert.model.Verdicts;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Turns the hitcert test tree's events into verdicts and evidence, prints one console line per finished check,
 * and when the run ends writes {@code report.json}, {@code report.html}, {@code junit.xml} and
 * {@code allure-results/} into the report folder.
 *
 * <p>Report entries it understands: {@code hitcert.reason} (a check's PASS reason), {@code hitcert.evidence}
 * (an {@link Evidence} as JSON, any number per check), {@code hitcert.environment.<fact>} (run environment, shown in
 * the report header), {@code hitcert.browser} (the browser name and version a check ran in). File entries are copied into {@code evidence/} and linked from their check.
 *
 * <p>Every string written to a file or the console passes through {@code scrub} first. Thread-safe: the
 * engine may run checks in parallel.
 */
public final class ReportListener implements TestExecutionListener {

    static final String ENGINE_ID = "hitcert";
    static final String KEY_REASON = "hitcert.reason";
    static final String KEY_EVIDENCE = "hitcert.evidence";
    static final String KEY_ENVIRONMENT = "hitcert.environment.";
    /** The browser(s) a check ran in, name and version, as the engine publishes them. */
    static final String KEY_BROWSER = "hitcert.browser";
    /** A check starts a deliberate wait: seconds, a space, what it waits for (console only). */
    static final String KEY_WAITING = "hitcert.waiting";

    private final Plan plan;
    /** The plan as written, of which {@link #plan} may be a part ({@code --only}): to say how much a run assessed. */
    private Plan whole;
    private final RunInfo run;
    private final Path reportDir;
    private final Clock clock;
    private final Console console;
    private final Scrubber scrubber;
    private final ObjectMapper json = new ObjectMapper();

    /** Plan order: consideration/requirement/key → node. */
    private final Map<String, TestNodeRun> nodes = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    /** Failures of containers by scope ({@code plan}, consideration id, consideration/requirement). */
    private final Map<String, String> containerFailures = new LinkedHashMap<>();
    private final Map<String, Instant> containerStarts = new LinkedHashMap<>();
    private int attachmentCounter;
    private RunSummary summary;

    public ReportListener(Plan plan, RunInfo run, Path reportDir, Clock clock, PrintStream console,
                          UnaryOperator<String> scrub) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.whole = plan;
        this.run = Objects.requireNonNull(run, "run");
        this.reportDir = Objects.requireNonNull(reportDir, "reportDir");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scrubber = new Scrubber(scrub);
        this.console = new Console(Objects.requireNonNull(console, "console"), scrubber);
        for (Consideration c : plan.considerations()) {
            for (Requirement r : c.requirements()) {
                if (r.checks().isEmpty()) {
                    put(new TestNodeRun(c, r, null));
                } else {
                    Map<String, Integer> seen = new LinkedHashMap<>();
                    r.checks().forEach(b -> {
                        int n = seen.merge(b.checkId(), 1, Integer::sum);
                        put(new TestNodeRun(c, r, n == 1 ? b.checkId() : b.checkId() + "#" + n));
                    });
                }
            }
        }
    }

    /**
     * A fact about the run known before it starts (plan and candidate file hashes, Java version), shown with
     * the environment facts the engine publishes.
     */
    public synchronized ReportListener fact(String key, String value) {
        environment.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * The plan as written, when this run covers only part of it ({@code --only}): the report then says "partial run: N
     * of M required requirements assessed" and never certifies. Default: the plan the listener was made with.
     */
    public synchronized ReportListener wholePlan(Plan plan) {
        this.whole = Objects.requireNonNull(plan, "plan");
        return this;
    }

    /**
     * On a terminal: a live progress line under the check lines (done/total, running, failed, time left). Off by
     * default, and for any console that is not a terminal.
     */
    public synchronized ReportListener liveProgress(boolean on) {
        console.live(on);
        if (on && ticker == null) {
            ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hitcert-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(() -> {
                synchronized (this) {
                    console.tick();
                }
            }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
        return this;
    }

    /** Rewrites the live progress line every second; null when there is none. */
    private java.util.concurrent.ScheduledExecutorService ticker;

    /** The outcome of the run; valid once {@link #testPlanExecutionFinished} has returned. */
    public synchronized RunSummary summary() {
        if (summary == null) {
            throw new IllegalStateException("the run has not finished: summary() is valid after testPlanExecutionFinished");
        }
        return summary;
    }

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
        console.total((int) nodes.values().stream().filter(n -> n.key != null).count());
        console.runStarted(run, plan);
    }

    @Override
    public synchronized void executionStarted(TestIdentifier id) {
        if (!ours(id)) {
            return;
        }
        Ref ref = Ref.of(id.getUniqueIdObject(), plan);
        TestNodeRun node = node(ref, id);
        if (node != null && ref.isNodeItself()) {
            node.started = clock.instant();
            node.uniqueId = id.getUniqueId();
            console.started(node);
        } else if (node == null) {
            containerStarts.put(id.getUniqueId(), clock.instant());
        }
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier id, String reason) {
        if (!ours(id)) {
            return;
        }
        Ref ref = Ref.of(id.getUniqueIdObject(), plan);
        TestNodeRun node = node(ref, id);
        String why = reason == null ? "skipped" : reason;
        if (node != null && ref.isNodeItself()) {
            node.uniqueId = id.getUniqueId();
            skip(node, why);
        } else if (node != null) {
            node.partVerdicts.add(Verdict.INCONCLUSIVE);
            node.partReasons.add(id.getDisplayName() + ": skipped: " + why);
        } else {
            // a skipped container skips everything below it, and JUnit reports only the container
            inScope(ref).filter(n -> !n.hasOutcome()).forEach(n -> skip(n, why));
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!ours(id)) {
            return;
        }
        Ref ref = Ref.of(id.getUniqueIdObject(), plan);
        TestNodeRun node = node(ref, id);
        Verdict verdict = Outcomes.verdictOf(result);
        String reason = Outcomes.reasonOf(result).orElse(null);
        if (node != null && ref.isNodeItself()) {
            node.uniqueId = id.getUniqueId();
            node.finished = clock.instant();
            if (node.started == null) {
                node.started = node.finished;
            }
            if (id.isTest() && node.partVerdicts.isEmpty()) {
                finish(node, verdict, reason);
            } else {
                finishVariants(node, result, verdict, reason, id.isTest());
            }
        } else if (node != null) {
            if (id.isTest() || result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                node.partVerdicts.add(verdict);
                node.partReasons.add(id.getDisplayName() + ": " + (reason == null ? "passed" : reason));
            }
        } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            // the candidate unreachable, a setup broken: everything below that has no outcome yet shares it
            Verdict containerVerdict = result.getStatus() == TestExecutionResult.Status.FAILED ? Verdict.ERROR : verdict;
            String why = (ref.scopeName() + " " + (reason == null ? "did not complete" : reason));
            containerFailures.put(ref.scope(), why);
            Instant now = clock.instant();
            inScope(ref).filter(n -> !n.hasOutcome()).forEach(n -> {
                n.started = containerStarts.getOrDefault(id.getUniqueId(), now);
                n.finished = now;
                n.status = TestNodeRun.Status.NOT_RUN;
                n.verdict = containerVerdict;
                n.reason = why;
                console.finished(n);
            });
        }
    }

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        if (!ours(id)) {
            return;
        }
        Ref ref = Ref.of(id.getUniqueIdObject(), plan);
        TestNodeRun node = node(ref, id);
        entry.getKeyValuePairs().forEach((key, value) -> {
            if (key.startsWith(KEY_ENVIRONMENT)) {
                environment.put(key.substring(KEY_ENVIRONMENT.length()), value);
                if (key.equals(KEY_ENVIRONMENT + "planned-waits")) {
                    console.plannedWaits(value);
                }
            } else if (node == null) {
                return; // containers carry no evidence of their own in the report
            } else if (key.equals(KEY_REASON)) {
                node.passReason = value;
            } else if (key.equals(KEY_WAITING)) {
                String[] w = value.split(" ", 2);
                console.waiting(node, Long.parseLong(w[0]), w.length > 1 ? w[1] : "");
            } else if (key.equals(KEY_BROWSER)) {
                node.browser = value;
            } else if (key.equals(KEY_EVIDENCE)) {
                node.evidence.add(parseEvidence(value));
            } else {
                node.evidence.add(Evidence.note(key, value));
            }
        });
    }

    @Override
    public synchronized void fileEntryPublished(TestIdentifier id, FileEntry file) {
        if (!ours(id)) {
            return;
        }
        TestNodeRun node = node(Ref.of(id.getUniqueIdObject(), plan), id);
        if (node == null) {
            return;
        }
        Path source = file.getPath();
        String fileName = source.getFileName() == null ? "file" : source.getFileName().toString();
        String media = file.getMediaType().orElse("");
        if (media.equals("image/png") && !fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
            fileName += ".png";
        }
        String target = String.format(java.util.Locale.ROOT, "%03d-%s-%s", ++attachmentCounter, safe(node.name()),
                safe(fileName));
        try {
            Path dir = Files.createDirectories(reportDir.resolve("evidence"));
            Files.copy(source, dir.resolve(target), StandardCopyOption.REPLACE_EXISTING);
            node.attachments.add("evidence/" + target);
        } catch (IOException | RuntimeException e) {
            node.evidence.add(Evidence.note("attachment not copied",
                    "could not copy " + fileName + " into the report: " + e));
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        Instant finished = clock.instant();
        boolean complete = true;
        for (TestNodeRun n : nodes.values()) {
            if (!n.hasOutcome() && n.verdict == null) {
                complete &= settleUnfinished(n);
            }
        }
        Report report = new ReportBuilder(plan, whole, run, scrubber).build(nodes.values(), environment, finished, complete);
        List<String> problems = new ArrayList<>();
        write(problems, "report.json", () -> new JsonReportWriter(scrubber).write(report, reportDir.resolve("report.json")));
        write(problems, "report.html", () -> new HtmlReportWriter(scrubber).write(report, reportDir, reportDir.resolve("report.html")));
        write(problems, "junit.xml", () -> new JunitXmlWriter(scrubber).write(report, reportDir.resolve("junit.xml")));
        write(problems, "allure-results", () -> new AllureReportWriter(scrubber).write(report, reportDir, reportDir.resolve("allure-results")));
        summary = new RunSummary(report.overall().certified(), report.overall().counts(), report.overall().planned(),
                report.overall().blocking().size(), reportDir, report.overall().blocking());
        if (ticker != null) {
            ticker.shutdownNow();
        }
        console.summary(report, reportDir, problems);
    }

    /** A node that never reported: planned and attestation requirements keep their nature; checks are ERROR. */
    private boolean settleUnfinished(TestNodeRun n) {
        if (n.requirement.status() == Requirement.Status.PLANNED) {
            n.status = TestNodeRun.Status.PLANNED;
            n.reason = Outcomes.PLANNED_PREFIX + "not assessed";
            return true;
        }
        if (n.isRequirementNode() && n.requirement.kind() == Requirement.Kind.ATTESTATION) {
            n.verdict = Verdict.ATTESTATION;
            n.reason = n.requirement.evidence().isEmpty() ? "awaiting evidence" : n.requirement.evidence();
            return true;
        }
        n.verdict = Verdict.ERROR;
        n.reason = Optional.ofNullable(containerFailures.get(n.consideration.id() + "/" + n.requirement.id()))
                .or(() -> Optional.ofNullable(containerFailures.get(n.consideration.id())))
                .or(() -> Optional.ofNullable(containerFailures.get("plan")))
                .orElse("not run: the run ended before this check reported a result");
        return false;
    }

    private void write(List<String> problems, String what, IoAction action) {
        try {
            Files.createDirectories(reportDir);
            action.run();
        } catch (Exception | LinkageError e) {
            problems.add(what + ": " + e);
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws Exception;
    }

    private void skip(TestNodeRun n, String reason) {
        n.finished = clock.instant();
        if (n.started == null) {
            n.started = n.finished;
        }
        if (reason.startsWith(Outcomes.PLANNED_PREFIX)) {
            n.status = TestNodeRun.Status.PLANNED;
            n.verdict = null;
            n.reason = reason;
        } else {
            n.status = TestNodeRun.Status.SKIPPED;
            n.verdict = Verdict.INCONCLUSIVE;
            n.reason = "skipped: " + reason;
        }
        console.finished(n);
    }

    private void finish(TestNodeRun n, Verdict verdict, String reason) {
        n.status = TestNodeRun.Status.FINISHED;
        n.verdict = verdict;
        n.reason = verdict == Verdict.PASS ? (n.passReason == null ? "passed" : n.passReason) : reason;
        console.finished(n);
    }

    /** A check that is a container of variants (dynamic tests) is as bad as its worst variant. */
    private void finishVariants(TestNodeRun n, TestExecutionResult result, Verdict verdict, String reason,
                                boolean ownVerdictCounts) {
        List<Verdict> verdicts = new ArrayList<>(n.partVerdicts);
        List<String> reasons = new ArrayList<>(n.partReasons);
        if (ownVerdictCounts || result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            verdicts.add(verdict);
            reasons.add(reason);
        }
        Verdict worst = Verdicts.worst(verdicts);
        if (worst == null) {
            finish(n, Verdict.INCONCLUSIVE, "no variant of this check ran");
            return;
        }
        finish(n, worst, worst == Verdict.PASS ? null : reasons.get(verdicts.indexOf(worst)));
    }

    private Evidence parseEvidence(String value) {
        try {
            JsonNode node = json.readTree(value);
            if (node == null || !node.isObject()) {
                return Evidence.note("evidence (not an object)", value);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> details = node.has("details") && node.get("details").isObject()
                    ? json.convertValue(node.get("details"), Map.class) : Map.of();
            return new Evidence(node.path("kind").asText("note"), node.path("title").asText("evidence"), details);
        } catch (IOException | IllegalArgumentException e) {
            return Evidence.note("malformed evidence", value);
        }
    }

    /** Other engines (or other plans) may share the launcher: their nodes are none of this report's business. */
    private boolean ours(TestIdentifier id) {
        UniqueId uid = id.getUniqueIdObject();
        if (!ENGINE_ID.equals(uid.getEngineId().orElse(""))) {
            return false;
        }
        return uid.getSegments().stream().filter(s -> s.getType().equals("plan"))
                .allMatch(s -> s.getValue().equals(plan.id()));
    }

    private void put(TestNodeRun n) {
        nodes.put(key(n.consideration.id(), n.requirement.id(), n.key), n);
    }

    private static String key(String consideration, String requirement, String check) {
        return consideration + "/" + requirement + "/" + (check == null ? "" : check);
    }

    /** The TEST node (or check container) an id belongs to, creating one for checks the plan does not bind. */
    private TestNodeRun node(Ref ref, TestIdentifier id) {
        if (ref.requirement() == null || ref.consideration() == null) {
            return null;
        }
        TestNodeRun n = nodes.get(key(ref.consideration(), ref.requirement(), ref.check()));
        if (n != null || ref.check() == null) {
            return n;
        }
        Optional<Consideration> c = plan.consideration(ref.consideration());
        Optional<Requirement> r = c.flatMap(x -> x.requirements().stream()
                .filter(q -> q.id().equals(ref.requirement())).findFirst());
        if (r.isEmpty()) {
            return null;
        }
        n = new TestNodeRun(c.get(), r.get(), ref.check());
        put(n);
        return n;
    }

    private java.util.stream.Stream<TestNodeRun> inScope(Ref ref) {
        return nodes.values().stream().filter(n -> ref.consideration() == null
                || n.consideration.id().equals(ref.consideration())
                && (ref.requirement() == null || n.requirement.id().equals(ref.requirement())));
    }

    static String safe(String s) {
        String out = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return out.length() > 80 ? out.substring(0, 80) : out;
    }

    /** Where a unique id points in the plan. */
    record Ref(String consideration, String requirement, String check, boolean deeper) {

        static Ref of(UniqueId id, Plan plan) {
            String consideration = null;
            String requirement = null;
            String check = null;
            boolean deeper = false;
            for (UniqueId.Segment s : id.getSegments()) {
                switch (s.getType()) {
                    case "consideration" -> consideration = s.getValue();
                    case "requirement" -> requirement = s.getValue();
                    case "check" -> check = s.getValue();
                    case "engine", "plan" -> { }
                    default -> deeper |= requirement != null;
                }
            }
            if (consideration == null && requirement != null) {
                String req = requirement;
                consideration = plan.considerations().stream()
                        .filter(c -> c.requirements().stream().anyMatch(r -> r.id().equals(req)))
                        .map(Consideration::id).findFirst().orElse(null);
            }
            return new Ref(consideration, requirement, check, deeper);
        }

        boolean isNodeItself() {
            return !deeper;
        }

        String scope() {
            return requirement != null ? consideration + "/" + requirement : consideration != null ? consideration : "plan";
        }

        String scopeName() {
            return requirement != null ? "requirement " + requirement + ":"
                    : consideration != null ? "consideration " + consideration + ":" : "run:";
        }
    }
}
