package org.hitcert.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckCatalog;
import org.hitcert.engine.Descriptors.CheckNode;
import org.hitcert.engine.Descriptors.ConsiderationNode;
import org.hitcert.engine.Descriptors.PlanNode;
import org.hitcert.engine.Descriptors.RequirementNode;
import org.hitcert.load.CandidateLoader;
import org.hitcert.load.Loaded;
import org.hitcert.load.PlanLoader;
import org.hitcert.model.Candidate;
import org.hitcert.model.CheckBinding;
import org.hitcert.model.Consideration;
import org.hitcert.model.Plan;
import org.hitcert.model.Problem;
import org.hitcert.model.Requirement;
import org.hitcert.reference.Flaw;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestEngine;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * The hitcert JUnit Platform engine: discovers YAML certification plans (file selectors, or the
 * {@code hitcert.plan} parameter) and runs them against the candidate named by {@code hitcert.candidate}.
 * Problems in a plan or candidate file are discovery issues with their {@code file:line:column}; such a
 * file contributes no tests and sends no traffic.
 */
public final class HitcertEngine extends HierarchicalTestEngine<RunContext> {

    public static final String ID = "hitcert";

    private final CheckCatalog catalog = CheckCatalog.standard();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("org.hitcert");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("hitcert");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        Settings settings = Settings.from(request.getConfigurationParameters());
        List<Path> planFiles = new ArrayList<>();
        request.getSelectorsByType(FileSelector.class).stream().map(FileSelector::getPath)
                .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).forEach(planFiles::add);
        if (planFiles.isEmpty()) {
            settings.plan().ifPresent(planFiles::add);
        }
        if (planFiles.isEmpty()) {
            return new EngineDescriptor(uniqueId, "hitcert");
        }
        Loaded<Candidate> candidate = new CandidateLoader(flawIds(), CheckCatalog.standard().claimKeys()).load(settings.candidate());
        report(request, uniqueId, candidate.problems());
        RootNode root = new RootNode(uniqueId, settings, candidate.ok() ? candidate.value().orElse(null) : null);
        for (String flaw : settings.flaws()) {
            if (Flaw.byId(flaw).isEmpty()) {
                request.getDiscoveryListener().issueEncountered(uniqueId, DiscoveryIssue.create(DiscoveryIssue.Severity.ERROR,
                        "unknown flaw '" + flaw + "'; known flaws: " + String.join(", ", flawIds().stream().sorted().toList())));
                return new EngineDescriptor(uniqueId, "hitcert");
            }
        }
        if (root.candidate == null) {
            return root;
        }
        List<org.hitcert.model.Attestation> answers = new ArrayList<>();
        Optional<Path> attestations = request.getConfigurationParameters().get(Settings.ATTESTATIONS)
                .filter(s -> !s.isBlank()).map(Path::of);
        if (attestations.isPresent()) {
            Loaded<List<org.hitcert.model.Attestation>> loaded = new org.hitcert.load.AttestationLoader().load(attestations.get());
            report(request, uniqueId, loaded.problems());
            if (!loaded.ok()) {
                return new EngineDescriptor(uniqueId, "hitcert");
            }
            answers.addAll(loaded.value().orElseThrow());
        }
        for (Path file : planFiles) {
            Loaded<Plan> plan = new PlanLoader(catalog).load(file);
            report(request, uniqueId, plan.problems());
            plan.value().ifPresent(p -> report(request, uniqueId, org.hitcert.load.Profiles.problems(p, root.candidate)));
            List<Problem> answerProblems = plan.value().map(p -> org.hitcert.load.AttestationLoader.problems(p, answers))
                    .orElse(List.of());
            report(request, uniqueId, answerProblems);
            if (plan.ok() && org.hitcert.load.Profiles.problems(plan.value().get(), root.candidate).isEmpty()
                    && answerProblems.isEmpty()) {
                addPlan(root, plan.value().get().only(settings.only()), answers);
            }
        }
        return root;
    }

    static Set<String> flawIds() {
        return java.util.Arrays.stream(Flaw.values()).map(Flaw::id).collect(Collectors.toUnmodifiableSet());
    }

    private static void report(EngineDiscoveryRequest request, UniqueId engine, List<Problem> problems) {
        for (Problem p : problems) {
            DiscoveryIssue.Severity severity = p.severity() == Problem.Severity.ERROR
                    ? DiscoveryIssue.Severity.ERROR : DiscoveryIssue.Severity.WARNING;
            request.getDiscoveryListener().issueEncountered(engine, DiscoveryIssue.builder(severity, p.toString())
                    .source(Descriptors.source(p.location())).build());
        }
    }

    private void addPlan(RootNode root, Plan plan, List<org.hitcert.model.Attestation> answers) {
        PlanNode planNode = new PlanNode(root.getUniqueId(), plan);
        for (Consideration c : plan.considerations()) {
            ConsiderationNode cNode = new ConsiderationNode(planNode.getUniqueId(), c);
            for (Requirement r : c.requirements()) {
                RequirementNode rNode = new RequirementNode(cNode.getUniqueId(), r,
                        org.hitcert.load.Profiles.notApplicable(plan, r, root.candidate),
                        answers.stream().filter(a -> a.requirementId().equals(r.id())).findFirst());
                if (rNode.decidedByChecks()) {
                    Map<String, Integer> seen = new HashMap<>();
                    for (CheckBinding b : r.checks()) {
                        Check check = catalog.check(b.checkId()).orElseThrow();
                        int n = seen.merge(b.checkId(), 1, Integer::sum);
                        String segment = n == 1 ? b.checkId() : b.checkId() + "#" + n;
                        rNode.addChild(new CheckNode(rNode.getUniqueId(), segment, check, b, r, rNode.notApplicable));
                    }
                    if (!rNode.getChildren().isEmpty()) {
                        cNode.addChild(rNode);
                    }
                } else {
                    cNode.addChild(rNode);
                }
            }
            if (!cNode.getChildren().isEmpty()) {
                planNode.addChild(cNode);
            }
        }
        if (!planNode.getChildren().isEmpty()) {
            root.addChild(planNode);
        }
    }

    @Override
    protected RunContext createExecutionContext(ExecutionRequest request) {
        TestDescriptor root = request.getRootTestDescriptor();
        if (root instanceof RootNode r && r.candidate != null) {
            return new RunContext(r.settings, r.candidate, request.getEngineExecutionListener(),
                    request.getOutputDirectoryCreator(), root, Parallelism.from(request.getConfigurationParameters()).degree())
                    .gatedBy(gate(request));
        }
        return null;
    }

    /**
     * Checks run concurrently ({@code hitcert.parallelism}, default 4), the costliest first; 1 runs them serially on
     * the calling thread, in plan order.
     */
    @Override
    protected org.junit.platform.engine.support.hierarchical.HierarchicalTestExecutorService createExecutorService(
            ExecutionRequest request) {
        Parallelism parallelism = Parallelism.from(request.getConfigurationParameters());
        if (parallelism.degree() == 1) {
            return super.createExecutorService(request);
        }
        return new CostlyFirst(Parallelism.workers(parallelism.degree()), gate(request));
    }

    /** The run's preflight gate ({@link Settings#PREFLIGHT}), one per run, shared by the executor and the run's context. */
    private static SetupGate gate(ExecutionRequest request) {
        boolean on = request.getConfigurationParameters().getBoolean(Settings.PREFLIGHT).orElse(false)
                && Parallelism.from(request.getConfigurationParameters()).degree() > 1;
        return request.getRootTestDescriptor() instanceof RootNode r ? r.gate(on) : SetupGate.of(null, false);
    }

    /** The engine's root: opens the run (candidate, callback, TLS) before the first plan and closes it after. */
    static final class RootNode extends EngineDescriptor implements Node<RunContext> {
        final Settings settings;
        final Candidate candidate;
        private SetupGate gate;

        RootNode(UniqueId id, Settings settings, Candidate candidate) {
            super(id, "hitcert");
            this.settings = settings;
            this.candidate = candidate;
        }

        synchronized SetupGate gate(boolean on) {
            if (gate == null) {
                gate = SetupGate.of(this, on);
            }
            return gate;
        }

        @Override
        public RunContext before(RunContext context) throws Exception {
            if (context != null && !getChildren().isEmpty()) {
                context.open();
            }
            return context;
        }

        @Override
        public void after(RunContext context) {
            if (context != null) {
                context.close();
            }
        }
    }
}
