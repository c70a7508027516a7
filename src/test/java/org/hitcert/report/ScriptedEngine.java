package org.hitcert.report;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.AttestationRequired;
import org.hitcert.checks.Outcomes;
import org.hitcert.model.CheckBinding;
import org.hitcert.model.Consideration;
import org.hitcert.model.Plan;
import org.hitcert.model.Requirement;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/**
 * A stand-in for the hitcert engine: builds plan → consideration → requirement → check from a {@link Plan} and
 * plays scripted outcomes. Planned requirements are skipped, attestations aborted, as the real engine does.
 * Registered only programmatically (never through META-INF/services).
 */
final class ScriptedEngine implements TestEngine {

    /** What a TEST node does when it runs: publish entries, then return its result. */
    @FunctionalInterface
    interface Script {
        TestExecutionResult run(EngineExecutionListener listener, TestDescriptor self) throws Exception;
    }

    private final Plan plan;
    /** By {@code consideration/requirement/check}, or by container {@code consideration} / {@code consideration/requirement}. */
    private final Map<String, Script> scripts = new HashMap<>();
    private Script onPlan = (l, d) -> TestExecutionResult.successful();
    private int stopAfterTests = Integer.MAX_VALUE;
    private int testsRun;

    ScriptedEngine(Plan plan) {
        this.plan = plan;
    }

    ScriptedEngine script(String key, Script script) {
        scripts.put(key, script);
        return this;
    }

    ScriptedEngine onPlan(Script script) {
        onPlan = script;
        return this;
    }

    /** Simulates an aborted run: after this many TEST nodes nothing else reports, not even containers. */
    ScriptedEngine stopAfterTests(int n) {
        stopAfterTests = n;
        return this;
    }

    @Override
    public String getId() {
        return "hitcert";
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId engineId) {
        EngineDescriptor engine = new EngineDescriptor(engineId, "hitcert");
        Node planNode = new Node(engineId.append("plan", plan.id()), plan.title(), TestDescriptor.Type.CONTAINER, "");
        engine.addChild(planNode);
        for (Consideration c : plan.considerations()) {
            Node cNode = new Node(planNode.getUniqueId().append("consideration", c.id()), c.id(),
                    TestDescriptor.Type.CONTAINER, c.id());
            planNode.addChild(cNode);
            for (Requirement r : c.requirements()) {
                String rKey = c.id() + "/" + r.id();
                Node rNode = new Node(cNode.getUniqueId().append("requirement", r.id()), r.id(),
                        r.checks().isEmpty() ? TestDescriptor.Type.TEST : TestDescriptor.Type.CONTAINER, rKey);
                rNode.requirement = r;
                cNode.addChild(rNode);
                Map<String, Integer> seen = new HashMap<>();
                for (CheckBinding b : r.checks()) {
                    int n = seen.merge(b.checkId(), 1, Integer::sum);
                    String key = n == 1 ? b.checkId() : b.checkId() + "#" + n;
                    rNode.addChild(new Node(rNode.getUniqueId().append("check", key), key, TestDescriptor.Type.TEST,
                            rKey + "/" + key));
                }
            }
        }
        return engine;
    }

    @Override
    public void execute(ExecutionRequest request) {
        run(request.getRootTestDescriptor(), request.getEngineExecutionListener());
    }

    private boolean stopped() {
        return testsRun >= stopAfterTests;
    }

    private void run(TestDescriptor d, EngineExecutionListener l) {
        if (stopped()) {
            return;
        }
        Node node = d instanceof Node n ? n : null;
        Requirement r = node == null ? null : node.requirement;
        if (r != null && r.status() == Requirement.Status.PLANNED) {
            testsRun++;
            l.executionSkipped(d, Outcomes.PLANNED_PREFIX + "no check implements this requirement yet");
            return;
        }
        l.executionStarted(d);
        TestExecutionResult result;
        try {
            if (node != null && node.key.isEmpty()) {
                result = onPlan.run(l, d);
            } else if (d.isTest()) {
                testsRun++;
                if (r != null && r.kind() == Requirement.Kind.ATTESTATION) {
                    result = TestExecutionResult.aborted(new AttestationRequired(r.evidence()));
                } else {
                    result = Optional.ofNullable(scripts.get(node.key))
                            .orElse((x, y) -> TestExecutionResult.successful()).run(l, d);
                }
            } else if (node != null && scripts.containsKey(node.key)) {
                // a container script decides the container; its children never run (candidate unreachable)
                result = scripts.get(node.key).run(l, d);
            } else {
                result = TestExecutionResult.successful();
            }
        } catch (Exception e) {
            result = TestExecutionResult.failed(e);
        }
        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
            for (TestDescriptor child : d.getChildren()) {
                run(child, l);
            }
        }
        if (!stopped() || d.isTest() && testsRun == stopAfterTests) {
            l.executionFinished(d, result);
        }
    }

    /** A dynamic variant below a check (as a check's test factory makes), registered with the listener. */
    static TestDescriptor variant(EngineExecutionListener listener, TestDescriptor check, String name) {
        Node node = new Node(check.getUniqueId().append("variant", name), name, TestDescriptor.Type.TEST, "variant");
        check.addChild(node);
        listener.dynamicTestRegistered(node);
        return node;
    }

    private static final class Node extends AbstractTestDescriptor {

        private final Type type;
        final String key;
        Requirement requirement;

        Node(UniqueId id, String name, Type type, String key) {
            super(id, name);
            this.type = type;
            this.key = key;
        }

        @Override
        public Type getType() {
            return type;
        }
    }
}
