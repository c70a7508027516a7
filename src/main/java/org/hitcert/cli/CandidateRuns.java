package org.hitcert.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.hitcert.model.Candidate;

/**
 * Certifies several candidates at once, at most {@code concurrent} at a time. Each gets its own console (its lines
 * prefixed with its label); a candidate whose run throws is reported CRASHED and costs no other candidate its report.
 * Candidates that need the same fixed loopback port or server (a callback port, a launched server's ready port, an
 * issuer) would disturb each other, so those run one after the other.
 */
final class CandidateRuns {

    /** One candidate to certify: its unique label (the name, {@code -2}… when repeated) and reserved report folder. */
    record Planned(String label, Path file, Candidate candidate, Path reportDir) {
    }

    /** How one candidate's certification ended; {@code problem} says why a run broke (null otherwise). */
    record Result(Planned planned, int exitCode, String outcome, long wallMs, String problem) {
    }

    /** Certifies one candidate, writing to its own console; returns the CLI exit code. */
    @FunctionalInterface
    interface Certify {
        int certify(Planned candidate, PrintStream console);
    }

    private final int concurrent;
    private final PrintStream console;
    private final Map<String, ReentrantLock> exclusive = new HashMap<>();
    private int labelWidth;

    CandidateRuns(int concurrent, PrintStream console) {
        this.concurrent = concurrent;
        this.console = console;
    }

    /** Labels the candidates (a repeated name gets {@code -2}, {@code -3}…) and reserves a report folder for each. */
    static List<Planned> plan(List<Map.Entry<Path, Candidate>> candidates, Function<String, Path> reserve) {
        Map<String, Integer> seen = new HashMap<>();
        List<Planned> planned = new ArrayList<>();
        for (Map.Entry<Path, Candidate> e : candidates) {
            String name = e.getValue().name();
            int n = seen.merge(name, 1, Integer::sum);
            String label = n == 1 ? name : name + "-" + n;
            planned.add(new Planned(label, e.getKey(), e.getValue(), reserve.apply(label)));
        }
        return planned;
    }

    /** The loopback ports and servers a candidate's run needs to itself, sorted (locks are taken in this order). */
    static List<String> exclusiveResources(Candidate c) {
        TreeSet<String> keys = new TreeSet<>();
        c.callback().filter(u -> u.getPort() > 0).ifPresent(u -> keys.add("callback port " + u.getPort()));
        c.launch().ifPresent(l -> keys.add("launched server " + authority(l.ready())));
        c.issuer().ifPresent(u -> keys.add("server " + authority(u)));
        return List.copyOf(keys);
    }

    private static String authority(URI u) {
        int port = u.getPort() > 0 ? u.getPort() : "http".equalsIgnoreCase(u.getScheme()) ? 80 : 443;
        return String.valueOf(u.getHost()).toLowerCase(java.util.Locale.ROOT) + ":" + port;
    }

    /** Runs every candidate and returns their results in the order given, once all have ended. */
    List<Result> run(List<Planned> planned, Certify certify) {
        labelWidth = planned.stream().mapToInt(p -> p.label().length()).max().orElse(0);
        for (Planned p : planned) {
            exclusiveResources(p.candidate()).forEach(k -> exclusive.computeIfAbsent(k, x -> new ReentrantLock(true)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(concurrent, r -> {
            Thread t = new Thread(r, "hitcert-candidate");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (Planned p : planned) {
                futures.add(pool.submit(() -> runOne(p, certify)));
            }
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                results.add(await(futures.get(i), planned.get(i)));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private Result runOne(Planned p, Certify certify) {
        PrintStream own = PrefixedLines.of(console, p.label(), labelWidth);
        List<ReentrantLock> held = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (String key : exclusiveResources(p.candidate())) {
                ReentrantLock lock = exclusive.get(key);
                if (!lock.tryLock()) {
                    own.println("waits for another candidate of this run that uses the same " + key);
                    lock.lockInterruptibly();
                }
                held.add(lock);
            }
            int exit = certify.certify(p, own);
            return new Result(p, exit, outcome(exit), elapsedMs(start), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return crashed(p, start, "interrupted before it ended");
        } catch (RuntimeException | Error e) {
            own.println("hitcert: the run of " + p.label() + " broke: " + e);
            return crashed(p, start, "the run broke: " + e);
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
            own.flush();
        }
    }

    private static Result await(Future<Result> future, Planned p) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(p, Main.NOT_CERTIFIED, "CRASHED", 0, "interrupted before it ended");
        } catch (ExecutionException e) {
            return new Result(p, Main.NOT_CERTIFIED, "CRASHED", 0, "the run broke: " + e.getCause());
        }
    }

    private static Result crashed(Planned p, long start, String why) {
        return new Result(p, Main.NOT_CERTIFIED, "CRASHED", elapsedMs(start), why);
    }

    static String outcome(int exit) {
        return switch (exit) {
            case Main.CERTIFIED -> "CERTIFIED";
            case Main.UNREACHABLE -> "UNREACHABLE";
            case Main.BAD_INPUT -> "BAD INPUT";
            default -> "NOT CERTIFIED";
        };
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
