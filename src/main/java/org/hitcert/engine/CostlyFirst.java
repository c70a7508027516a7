package org.hitcert.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestExecutorService;
import org.junit.platform.engine.support.hierarchical.Node;
import org.junit.platform.engine.support.hierarchical.ResourceLock;

/**
 * The parallel executor: one queue for the whole run, worked by a fixed number of threads. Containers come first, as
 * running one only queues its children: within a moment of the start every check is in the queue, and checks go
 * costliest first ({@link org.hitcert.checks.CheckInfo#expectedCost}) across the whole plan, not only among those
 * queued so far (a slow check deep in a consideration used to start 5 s late). A thread that waits for a container's
 * children works the queue meanwhile, so nested containers never leave a thread idle or deadlock. Unlike a fork/join
 * pool, whose owner thread runs its own forked tasks last-in first-out (the cheapest of a consideration first, its
 * slow checks last), the slow checks of every consideration start at once: deliberate expiry waits and many logins no
 * longer end the run with a core idle. A check that runs alone costs 0 and starts last. Order changes nothing but when
 * a check starts: the report lists checks in plan order.
 */
final class CostlyFirst implements HierarchicalTestExecutorService {

    private final PriorityBlockingQueue<Job> queue = new PriorityBlockingQueue<>();
    private final Map<TestDescriptor, Integer> costs = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;
    private final SetupGate gate;
    private static final long STACK_BYTES = 64L << 20;

    CostlyFirst(int threadCount) {
        this(threadCount, SetupGate.of(null, false));
    }

    /** With a preflight {@code gate}: its basics go before every other check, and the others wait in the queue for them. */
    CostlyFirst(int threadCount, SetupGate gate) {
        this.gate = gate;
        for (int i = 0; i < threadCount; i++) {
            // a thread that waits for a container's children runs the next container from the queue, and so on: the
            // stack holds one frame chain per container of the plan (about 150 for tss-2015), hence a deep one
            Thread t = new Thread(null, this::work, "hitcert-worker-" + (i + 1), STACK_BYTES);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** One task in the queue: costlier first, then in the order given. */
    private final class Job implements Comparable<Job> {
        final TestTask task;
        final int cost;
        /** A basic of the run's preflight gate: it goes before every other check. */
        final boolean basic;
        final long order = sequence.incrementAndGet();
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Job(TestTask task) {
            this.task = task;
            this.cost = cost(task.getTestDescriptor());
            this.basic = gate.on() && SetupGate.isBasic(task.getTestDescriptor());
        }

        void run() {
            try (ResourceLock lock = task.getResourceLock().acquire()) {
                task.execute();
                done.complete(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done.completeExceptionally(e);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }

        @Override
        public int compareTo(Job other) {
            // containers first: running one only queues its children, so every check is soon in the queue and the
            // costliest of them all, not of those queued so far, starts first
            boolean container = !isTest(task.getTestDescriptor());
            boolean otherContainer = !isTest(other.task.getTestDescriptor());
            if (container != otherContainer) {
                return container ? -1 : 1;
            }
            if (basic != other.basic) {
                return basic ? -1 : 1;
            }
            int byCost = Integer.compare(other.cost, cost);
            return byCost != 0 ? byCost : Long.compare(order, other.order);
        }
    }

    private void work() {
        while (!closed) {
            try {
                Job job = next(200);
                if (job != null) {
                    job.run();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * The next job the gate lets start, waiting up to {@code millis}; null if none. A job held back goes back to the
     * queue (the basics and containers sort before it, so nothing the gate waits for is behind it) and the thread rests.
     */
    private Job next(long millis) throws InterruptedException {
        Job job = queue.poll(millis, TimeUnit.MILLISECONDS);
        if (job != null && !gate.mayStart(job.task.getTestDescriptor())) {
            queue.add(job);
            Thread.sleep(millis);
            return null;
        }
        return job;
    }

    @Override
    public Future<Void> submit(TestTask testTask) {
        Job job = new Job(testTask);
        queue.add(job);
        return job.done;
    }

    @Override
    public void invokeAll(List<? extends TestTask> testTasks) {
        List<Job> mine = new ArrayList<>();
        for (TestTask t : testTasks) {
            if (t.getExecutionMode() == Node.ExecutionMode.SAME_THREAD) {
                new Job(t).run();
            } else {
                Job job = new Job(t);
                mine.add(job);
                queue.add(job);
            }
        }
        // work the queue (any task, costliest first) until this container's own tasks are done
        for (Job job : mine) {
            while (!job.done.isDone()) {
                Job next;
                try {
                    next = next(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (next != null) {
                    next.run();
                }
            }
        }
    }

    private static boolean isTest(TestDescriptor d) {
        return d != null && d.isTest();
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
        closed = true;
        threads.forEach(Thread::interrupt);
    }
}
