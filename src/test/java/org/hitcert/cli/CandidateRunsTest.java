package org.hitcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hitcert.model.Candidate;
import org.hitcert.model.Location;
import org.junit.jupiter.api.Test;

/** Scheduling of several candidates, without any network: concurrency, isolation of crashes, shared ports, consoles. */
class CandidateRunsTest {

    private static Candidate candidate(String name, Optional<URI> issuer, Optional<URI> callback) {
        return new Candidate(name, Optional.empty(), issuer, Optional.empty(), Map.of(), List.of("localhost"),
                Optional.empty(), callback, List.of(), List.of(), List.of(), Map.of(), List.of(),
                Location.builtIn("test"), Optional.empty());
    }

    private static List<CandidateRuns.Planned> planned(Candidate... candidates) {
        return CandidateRuns.plan(java.util.Arrays.stream(candidates).map(c -> Map.entry(Path.of(c.name() + ".yaml"), c)).toList(),
                label -> Path.of("reports", label));
    }

    @Test
    void whenTwoCandidatesShareANameThenTheirLabelsAndFoldersDiffer() {
        List<CandidateRuns.Planned> p = planned(candidate("ehr", Optional.empty(), Optional.empty()),
                candidate("ehr", Optional.empty(), Optional.empty()), candidate("other", Optional.empty(), Optional.empty()));
        assertThat(p).extracting(CandidateRuns.Planned::label).containsExactly("ehr", "ehr-2", "other");
        assertThat(p).extracting(CandidateRuns.Planned::reportDir).doesNotHaveDuplicates();
    }

    @Test
    void whenOneCandidateCrashesThenTheOthersEndNormallyAndTheExitIsKept() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<CandidateRuns.Result> results = new CandidateRuns(3, new PrintStream(console, true, StandardCharsets.UTF_8))
                .run(planned(candidate("a", Optional.empty(), Optional.empty()), candidate("b", Optional.empty(), Optional.empty()),
                        candidate("c", Optional.empty(), Optional.empty())), (p, out) -> {
                    out.println("working");
                    if (p.label().equals("b")) {
                        throw new IllegalStateException("boom");
                    }
                    return p.label().equals("a") ? Main.CERTIFIED : Main.UNREACHABLE;
                });
        assertThat(results).extracting(CandidateRuns.Result::outcome).containsExactly("CERTIFIED", "CRASHED", "UNREACHABLE");
        assertThat(results.get(1).problem()).contains("boom");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("[a] working\n").contains("[b] working\n")
                .contains("[c] working\n").contains("[b] hitcert: the run of b broke");
    }

    @Test
    void whenCandidatesRunTogetherThenTheyOverlapUnlessTheyShareAServer() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CandidateRuns.Certify certify = (p, out) -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return Main.CERTIFIED;
        };
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        new CandidateRuns(2, quiet).run(planned(candidate("x", Optional.of(URI.create("https://a.example")), Optional.empty()),
                candidate("y", Optional.of(URI.create("https://b.example")), Optional.empty())), certify);
        assertThat(peak.get()).as("two different servers are certified at once").isEqualTo(2);

        peak.set(0);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        new CandidateRuns(2, new PrintStream(console, true, StandardCharsets.UTF_8)).run(planned(
                candidate("x", Optional.of(URI.create("https://a.example:443/")), Optional.empty()),
                candidate("y", Optional.of(URI.create("https://A.example/other")), Optional.empty())), certify);
        assertThat(peak.get()).as("the same server is never certified twice at once").isEqualTo(1);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("uses the same server a.example:443");
    }

    @Test
    void whenCandidatesNeedTheSameFixedCallbackPortThenItIsAnExclusiveResource() {
        Candidate fixed = candidate("x", Optional.of(URI.create("https://a.example")), Optional.of(URI.create("http://127.0.0.1:8765/cb")));
        Candidate free = candidate("y", Optional.empty(), Optional.of(URI.create("https://127.0.0.1:0/cb")));
        assertThat(CandidateRuns.exclusiveResources(fixed)).containsExactly("callback port 8765", "server a.example:443");
        assertThat(CandidateRuns.exclusiveResources(free)).isEmpty();
    }

    @Test
    void whenThreadsPrintAtOnceThenEveryLineArrivesWholeWithItsPrefix() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream shared = new PrintStream(sink, true, StandardCharsets.UTF_8);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            PrintStream own = PrefixedLines.of(shared, "c" + t, 2);
            threads[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 200; i++) {
                    own.print("line ");
                    own.print(i);
                    own.println(" end");
                }
            });
            threads[t].start();
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        List<String> lines = sink.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(800).allMatch(l -> l.matches("\\[c[0-3]] line \\d+ end"));
    }

    @Test
    void whenConcurrencyOrBrowserBudgetIsOutOfRangeThenNothingIsSent(@org.junit.jupiter.api.io.TempDir Path dir) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8);
        int exit = Main.run(new String[] {"--concurrent-candidates", "0", "--max-browsers", "65",
                "--out", dir.resolve("reports").toString()}, ps, ps);
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isEqualTo(Main.BAD_INPUT);
        assertThat(printed).contains("--concurrent-candidates 0 is out of range; expected 1 to 16")
                .contains("--max-browsers 65 is out of range; expected 1 to 64").contains("nothing was sent");
        assertThat(dir.resolve("reports")).doesNotExist();
    }
}
