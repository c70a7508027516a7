package org.hitcert.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hitcert.checks.Outcomes;
import org.hitcert.engine.HitcertEngine;
import org.hitcert.engine.Settings;
import org.hitcert.model.Verdict;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs a plan through the hitcert engine, in this JVM, and collects each check's verdict and reason. */
final class SuiteRun {

    record Outcome(Verdict verdict, String reason) {
    }

    static final Path PLAN = Path.of("test-plans", "tss-2015.yaml");
    static final Path REFERENCE = Path.of("fixtures", "candidates", "reference.yaml");

    private SuiteRun() {
    }

    /** Verdicts by check id for a run of the default plan against the reference with {@code flaws}. */
    static Map<String, Outcome> reference(List<String> flaws, TestExecutionListener... more) {
        return reference(flaws, List.of(), more);
    }

    /** As {@link #reference(List, TestExecutionListener...)}, running only the checks with ids in {@code only} (all when empty). */
    static Map<String, Outcome> reference(List<String> flaws, List<String> only, TestExecutionListener... more) {
        return reference(flaws, only, Map.of(), more);
    }

    /**
     * Whole runs already made in this JVM, by flaws and configuration: the clean reference's full run is the flaw
     * meta-test's baseline and the parallel half of the parallel-equals-serial test; it is made once.
     */
    private static final Map<String, java.util.concurrent.FutureTask<Map<String, Outcome>>> MADE = new ConcurrentHashMap<>();

    /**
     * As {@link #reference(List, List, TestExecutionListener...)}, with more engine configuration parameters. A run
     * with no extra listener is made once per JVM for the same flaws, checks and configuration (the degree of
     * parallelism included, default 4).
     */
    static Map<String, Outcome> reference(List<String> flaws, List<String> only, Map<String, String> config,
                                          TestExecutionListener... more) {
        if (more.length > 0) {
            return run(flaws, only, config, more);
        }
        Map<String, String> effective = new java.util.TreeMap<>(config);
        effective.putIfAbsent(Settings.PARALLELISM, "4");
        String key = flaws + "|" + only + "|" + effective;
        java.util.concurrent.FutureTask<Map<String, Outcome>> task = new java.util.concurrent.FutureTask<>(
                () -> Map.copyOf(run(flaws, only, config)));
        java.util.concurrent.FutureTask<Map<String, Outcome>> made = MADE.putIfAbsent(key, task);
        if (made == null) {
            made = task;
            task.run();
        }
        try {
            return made.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the run against the reference broke", e.getCause());
        }
    }

    private static Map<String, Outcome> run(List<String> flaws, List<String> only, Map<String, String> config,
                                            TestExecutionListener... more) {
        Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        Map<String, String> passReasons = new ConcurrentHashMap<>();
        TestExecutionListener collect = new TestExecutionListener() {
            @Override
            public void reportingEntryPublished(TestIdentifier id, org.junit.platform.engine.reporting.ReportEntry entry) {
                entry.getKeyValuePairs().entrySet().stream().filter(e -> e.getKey().equals("hitcert.reason"))
                        .forEach(e -> passReasons.put(id.getUniqueId(), e.getValue()));
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest() && id.getUniqueIdObject().getLastSegment().getType().equals("check")) {
                    // a PASS's reason is published as a report entry; the others' is the result's throwable
                    outcomes.put(id.getUniqueIdObject().getLastSegment().getValue(), new Outcome(Outcomes.verdictOf(result),
                            Outcomes.reasonOf(result).orElse(passReasons.getOrDefault(id.getUniqueId(), ""))));
                }
            }
        };
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectFile(PLAN.toFile()))
                .configurationParameter(Settings.CANDIDATE, REFERENCE.toString())
                .configurationParameter(Settings.FLAWS, String.join(",", flaws))
                .configurationParameter(Settings.BROWSER, "chromium")
                .configurationParameter(Settings.ONLY, String.join(",", only))
                // two reference runs share these 2 cores in the suite's own tests: the per-check limit guards against
                // hangs, and must not turn a check slowed by the machine's load into an ERROR
                .configurationParameter(Settings.CHECK_TIMEOUT, "240")
                .configurationParameter(Settings.STEP_TIMEOUT, "20")
                .configurationParameters(config)
                .build();
        var launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestEngineAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestEngines(new HitcertEngine()).build());
        TestExecutionListener[] listeners = new TestExecutionListener[more.length + 1];
        listeners[0] = collect;
        System.arraycopy(more, 0, listeners, 1, more.length);
        launcher.execute(request, listeners);
        return outcomes;
    }
}
