package org.hitcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestExecutorService.TestTask;
import org.junit.platform.engine.support.hierarchical.Node;
import org.junit.platform.engine.support.hierarchical.ResourceLock;

/** The run's executor finishes nested containers on few threads, whatever their tasks do. */
class CostlyFirstTest {

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void whenContainersNestDeeperThanThereAreThreadsThenEveryTaskRunsOnceAndTheRunEnds() throws Exception {
        AtomicInteger leaves = new AtomicInteger();
        try (CostlyFirst executor = new CostlyFirst(2)) {
            TestTask root = container(executor, 3, 4, leaves); // 4 levels of 3 children: 81 leaves
            executor.submit(root).get(15, TimeUnit.SECONDS);
        }
        assertThat(leaves.get()).isEqualTo(81);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void whenATaskThrowsThenItsSiblingsStillRunAndTheContainerEnds() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        try (CostlyFirst executor = new CostlyFirst(2)) {
            executor.invokeAll(List.of(task(() -> {
                throw new IllegalStateException("a broken task");
            }), task(ran::incrementAndGet), task(ran::incrementAndGet)));
        }
        assertThat(ran.get()).isEqualTo(2);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void whenTheRunStartsThenEveryContainerQueuesItsChildrenBeforeAnyCheckRuns() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        List<Integer> openedWhenEachCheckRan = new java.util.concurrent.CopyOnWriteArrayList<>();
        Runnable check = () -> openedWhenEachCheckRan.add(opened.get());
        try (CostlyFirst executor = new CostlyFirst(1)) {
            // root → [A → 3 checks, B → C → D → 1 check]: in queue order alone, A's checks would run before C and D
            // were opened (seeing 3 of the 5 containers), and a costly check in D would start after them
            TestTask d = container(executor, opened, leaf(check));
            TestTask c = container(executor, opened, d);
            TestTask b = container(executor, opened, c);
            TestTask a = container(executor, opened, leaf(check), leaf(check), leaf(check));
            executor.submit(container(executor, opened, a, b)).get(15, TimeUnit.SECONDS);
        }
        assertThat(openedWhenEachCheckRan).hasSize(4).allMatch(seen -> seen == 5);
    }

    private static TestTask leaf(Runnable body) {
        return task(body, descriptor(TestDescriptor.Type.TEST));
    }

    private static TestTask container(CostlyFirst executor, AtomicInteger opened, TestTask... children) {
        return task(() -> {
            opened.incrementAndGet();
            executor.invokeAll(List.of(children));
        }, descriptor(TestDescriptor.Type.CONTAINER));
    }

    private static final AtomicInteger IDS = new AtomicInteger();

    private static TestDescriptor descriptor(TestDescriptor.Type type) {
        String id = "n" + IDS.incrementAndGet();
        return new org.junit.platform.engine.support.descriptor.AbstractTestDescriptor(
                org.junit.platform.engine.UniqueId.forEngine("costly-first-test").append("node", id), id) {
            @Override
            public Type getType() {
                return type;
            }
        };
    }

    private static TestTask container(CostlyFirst executor, int width, int depth, AtomicInteger leaves) {
        if (depth == 0) {
            return task(leaves::incrementAndGet);
        }
        return task(() -> {
            List<TestTask> children = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                children.add(container(executor, width, depth - 1, leaves));
            }
            executor.invokeAll(children);
        });
    }

    private static final ResourceLock NO_LOCK = new ResourceLock() {
        @Override
        public ResourceLock acquire() {
            return this;
        }

        @Override
        public void release() {
        }

        @Override
        public List<org.junit.platform.engine.support.hierarchical.ExclusiveResource> getResources() {
            return List.of();
        }

        @Override
        public boolean isExclusive() {
            return false;
        }
    };

    private static TestTask task(Runnable body) {
        return task(body, null);
    }

    private static TestTask task(Runnable body, TestDescriptor descriptor) {
        return new TestTask() {
            @Override
            public Node.ExecutionMode getExecutionMode() {
                return Node.ExecutionMode.CONCURRENT;
            }

            @Override
            public ResourceLock getResourceLock() {
                return NO_LOCK;
            }

            @Override
            public TestDescriptor getTestDescriptor() {
                return descriptor;
            }

            @Override
            public void execute() {
                body.run();
            }
        };
    }
}
