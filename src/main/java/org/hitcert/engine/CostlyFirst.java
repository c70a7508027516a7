package org.hitcert.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestExecutorService;

/**
 * The parallel executor, handed siblings costliest first (a check's {@link org.hitcert.checks.CheckInfo#expectedCost},
 * a container's the sum of its checks'). Fork/join workers that steal take the first forked tasks, so the slow checks
 * (deliberate expiry waits, many logins) start at once instead of ending the run alone. Order changes nothing but
 * when a check starts: the report lists checks in plan order.
 */
final class CostlyFirst implements HierarchicalTestExecutorService {

    private final HierarchicalTestExecutorService delegate;
    private final Map<TestDescriptor, Integer> costs = new ConcurrentHashMap<>();

    CostlyFirst(HierarchicalTestExecutorService delegate) {
        this.delegate = delegate;
    }

    @Override
    public Future<Void> submit(TestTask testTask) {
        return delegate.submit(testTask);
    }

    @Override
    public void invokeAll(List<? extends TestTask> testTasks) {
        List<TestTask> ordered = new ArrayList<>(testTasks);
        ordered.sort(Comparator.comparingInt((TestTask t) -> cost(t.getTestDescriptor())).reversed());
        delegate.invokeAll(ordered);
    }

    int cost(TestDescriptor d) {
        if (d == null) {
            return 0;
        }
        Integer known = costs.get(d);
        if (known != null) {
            return known;
        }
        int cost = d instanceof Descriptors.CheckNode c ? c.check.info().expectedCost()
                : d.getChildren().stream().mapToInt(this::cost).sum();
        costs.put(d, cost);
        return cost;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
