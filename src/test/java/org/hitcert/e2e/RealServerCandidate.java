package org.hitcert.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hitcert.checks.CheckCatalog;
import org.hitcert.cli.Main;
import org.hitcert.support.Redactor;

/**
 * A real authorization server nobody here wrote, as a CI candidate: its folder under {@code fixtures/candidates/}
 * holds {@code candidate.yaml} (whose {@code launch:} starts it on loopback) and {@code expected-verdicts.yaml}, the
 * hand-probed truth for every check. {@link #certifyTogether} runs the suite through the command line and holds it to
 * that truth: every check must get its expected verdict, except a check listed under {@code known-suite-defects:}, which
 * must get the wrong verdict recorded there (it is printed), and fails the test once it no longer does, so that the
 * file stays true as the suite's defects are fixed. No file of the report and no console line may hold a configured
 * secret or an issued token, and the candidate must be stopped afterwards.
 *
 * <pre>
 * checks:                          # the truth, from the specification and the probes beside the file
 *   some.check: PASS
 *   other.check: { verdict: FAIL, reason: "..." }
 * known-suite-defects:             # where the suite does not (yet) reach the truth
 *   other.check: { suite: INCONCLUSIVE, item: "18 A6 ...", reason: "..." }
 *   timed.check: { suite: PASS, sometimes: true, item: "...", reason: "..." }   # only under load: either is tolerated
 * </pre>
 */
final class RealServerCandidate {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> VERDICTS = Set.of("PASS", "FAIL", "INCONCLUSIVE", "NOT_APPLICABLE", "ERROR", "ATTESTATION");

    record Expected(String verdict, String reason) {
    }

    /**
     * A check on which the suite is known to be wrong: the verdict it gives, and the issue item that fixes it.
     * {@code sometimes}: the defect depends on timing (machine load), so a run that reaches the truth is no sign it was fixed.
     */
    record Defect(String suite, String item, String reason, boolean sometimes) {
    }

    final Path folder;
    final Path candidate;
    final Path expectedFile;
    final int port;
    final String processMarker;

    /**
     * @param name          the folder under fixtures/candidates
     * @param port          the loopback port the candidate serves on (must be closed after the run)
     * @param processMarker a part of the candidate's command line (no such process may be left behind)
     */
    RealServerCandidate(String name, int port, String processMarker) {
        this.folder = Path.of("fixtures", "candidates", name);
        this.candidate = folder.resolve("candidate.yaml");
        this.expectedFile = folder.resolve("expected-verdicts.yaml");
        this.port = port;
        this.processMarker = processMarker;
    }

    /** {@code checks: { id: PASS | { verdict: V, reason: "..." } }} */
    Map<String, Expected> expected() throws Exception {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(expectedFile.toFile());
        Map<String, Expected> out = new LinkedHashMap<>();
        root.path("checks").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isTextual()
                ? new Expected(e.getValue().asText(), "")
                : new Expected(e.getValue().path("verdict").asText(), e.getValue().path("reason").asText(""))));
        assertThat(out).as(expectedFile + " lists no checks").isNotEmpty();
        return out;
    }

    /** {@code known-suite-defects: { id: { suite: V, item: "...", reason: "..." } }} (empty when absent). */
    Map<String, Defect> defects() throws Exception {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(expectedFile.toFile());
        Map<String, Defect> out = new LinkedHashMap<>();
        root.path("known-suite-defects").fields().forEachRemaining(e -> out.put(e.getKey(), new Defect(
                e.getValue().path("suite").asText(), e.getValue().path("item").asText(""),
                e.getValue().path("reason").asText(""), e.getValue().path("sometimes").asBoolean(false))));
        return out;
    }

    /** The file's own consistency: known checks, a reason for every non-PASS, defects that differ from the truth. */
    void assertWellFormed() throws Exception {
        Map<String, Expected> expected = expected();
        Set<String> catalog = new TreeSet<>();
        CheckCatalog.standard().all().forEach(c -> catalog.add(c.info().id()));
        assertThat(expected.keySet()).as("checks in " + expectedFile + " that the catalog does not know").isSubsetOf(catalog);
        assertThat(catalog).as("checks of the catalog missing from " + expectedFile).isSubsetOf(expected.keySet());
        for (Map.Entry<String, Expected> e : expected.entrySet()) {
            assertThat(e.getValue().verdict()).as(e.getKey()).isIn(VERDICTS);
            if (!e.getValue().verdict().equals("PASS")) {
                assertThat(e.getValue().reason()).as(e.getKey() + " is expected " + e.getValue().verdict()
                        + ": say why (a real finding, or a limitation)").isNotBlank();
            }
        }
        for (Map.Entry<String, Defect> d : defects().entrySet()) {
            assertThat(expected).as("known suite defect " + d.getKey() + " names a check that " + expectedFile
                    + " does not list").containsKey(d.getKey());
            assertThat(d.getValue().suite()).as(d.getKey() + ": the suite's verdict").isIn(VERDICTS)
                    .isNotEqualTo(expected.get(d.getKey()).verdict());
            assertThat(d.getValue().item()).as(d.getKey() + ": which issue item (17/18) fixes it").isNotBlank();
            assertThat(d.getValue().reason()).as(d.getKey() + ": how the truth was settled").isNotBlank();
        }
    }

    /**
     * Certifies {@code servers} in one command-line run (several {@code --candidate}s, each launched by the suite on its
     * own ports), one after the other, then holds each to its file ({@link #judge}); every server's problems are
     * collected before failing. One after the other, not at once: the runs are bound by the two processors, and the three
     * at once ({@code --concurrent-candidates 3}, four checks each) took 366 s against 334 s one after the other, and
     * under that load Glewlwyd's lockout check read a slow browser as a tar pit (2026-12-07).
     *
     * @param secretFiles per server, files beside its candidate (relative to its folder) whose private parts must not
     *                    appear: PEM bodies and JWK {@code d} members
     */
    static void certifyTogether(Path out, Map<RealServerCandidate, List<String>> secretFiles) throws Exception {
        List<RealServerCandidate> servers = List.copyOf(secretFiles.keySet());
        List<String> args = new ArrayList<>();
        for (RealServerCandidate server : servers) {
            args.addAll(List.of("--candidate", server.candidate.toString()));
        }
        args.addAll(List.of("--out", out.toString(), "--check-timeout", "240", "--step-timeout", "20",
                "--concurrent-candidates", "1"));
        System.setProperty("hitcert.test.collect-secrets", "true");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int exit;
        long started = System.nanoTime();
        try {
            PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8);
            exit = Main.run(args.toArray(String[]::new), ps, ps);
        } finally {
            System.clearProperty("hitcert.test.collect-secrets");
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        String printed = console.toString(StandardCharsets.UTF_8);
        System.out.println(servers.stream().map(r -> r.folder.getFileName().toString()).toList() + ": certified together in "
                + seconds + " s");
        assertThat(exit).as(printed).isIn(Main.CERTIFIED, Main.NOT_CERTIFIED);
        List<String> problems = new ArrayList<>();
        for (RealServerCandidate server : servers) {
            try {
                server.judge(out, printed, secretFiles.get(server));
            } catch (AssertionError e) {
                problems.add(e.getMessage());
            }
        }
        assertThat(problems).as("real servers whose run departs from its expected-verdicts.yaml (the whole console "
                + "follows)\n" + printed).isEmpty();
    }

    /**
     * Holds this server's run (its report folder under {@code out}) to its file, and checks that no secret leaked and
     * nothing was left running.
     */
    void judge(Path out, String printed, List<String> secretFiles) throws Exception {
        Map<String, Expected> expected = expected();
        Map<String, Defect> defects = defects();
        String name = candidateName();
        assertThat(portOpen(port)).as(name + ": the candidate must be stopped after the run").isFalse();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("?")).filter(c -> c.contains(processMarker)).toList())
                .as(name + ": no candidate process left behind").isEmpty();
        Path run;
        try (Stream<Path> s = Files.list(out)) {
            run = s.filter(d -> d.getFileName().toString().endsWith("-" + name)).findFirst()
                    .orElseThrow(() -> new AssertionError(name + ": no report folder under " + out));
        }
        Map<String, String[]> actual = verdicts(JSON.readTree(run.resolve("report.json").toFile()));
        List<String> differences = differences(expected, defects, actual);
        assertThat(differences).as("verdicts on " + folder.getFileName() + " that differ from " + expectedFile).isEmpty();
        assertNoSecretLeaked(run, printed, secretFiles);
    }

    /** The candidate file's {@code name:}, which names its report folder. */
    private String candidateName() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(candidate.toFile()).path("name").asText();
    }

    /** Every way the run's verdicts depart from the file; prints the known suite defects that occurred. */
    List<String> differences(Map<String, Expected> expected, Map<String, Defect> defects, Map<String, String[]> actual) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String[]> a : actual.entrySet()) {
            String id = a.getKey();
            String got = a.getValue()[0];
            Expected e = expected.get(id);
            Defect d = defects.get(id);
            if (e == null) {
                differences.add(id + ": " + got + " (" + a.getValue()[1] + ") but the check is missing from " + expectedFile);
            } else if (d != null && got.equals(d.suite())) {
                System.out.println("known suite defect (" + d.item() + "): " + id + " is " + got + ", truth "
                        + e.verdict() + " (" + a.getValue()[1] + ")");
            } else if (d != null && d.sometimes() && got.equals(e.verdict())) {
                System.out.println("known timing-dependent suite defect (" + d.item() + ") did not occur this run: " + id
                        + " is " + got + ", the truth");
            } else if (d != null && got.equals(e.verdict())) {
                differences.add(id + ": the known suite defect (" + d.item() + ") no longer occurs: the suite now says "
                        + got + ", the truth; remove it from known-suite-defects in " + expectedFile);
            } else if (!got.equals(e.verdict())) {
                differences.add(id + ": expected " + e.verdict() + " (" + e.reason() + ")"
                        + (d == null ? "" : " or the known suite defect's " + d.suite()) + ", got " + got
                        + " (" + a.getValue()[1] + ")");
            }
        }
        for (String id : expected.keySet()) {
            if (!actual.containsKey(id)) {
                differences.add(id + ": expected " + expected.get(id).verdict() + " but the check did not run");
            }
        }
        return differences;
    }

    private void assertNoSecretLeaked(Path run, String printed, List<String> secretFiles) throws Exception {
        Set<String> secrets = new TreeSet<>(Redactor.collectedForTests());
        assertThat(secrets).as("secrets the run handled").anySatisfy(s -> assertThat(s).startsWith("eyJ"));
        for (String name : secretFiles) {
            Path file = folder.resolve(name);
            String text = Files.readString(file);
            if (name.endsWith(".jwk")) {
                secrets.add(JSON.readTree(text).path("d").asText());
            } else {
                text.lines().filter(l -> !l.startsWith("-----") && l.length() > 20).forEach(secrets::add);
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(run)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertThat(content.contains(secret)).as(file + " must not contain a secret (" + Redactor.fingerprint(secret)
                        + ")").isFalse();
            }
        }
        for (String secret : secrets) {
            assertThat(printed.contains(secret)).as("the console must not show a secret").isFalse();
        }
    }

    /** Check id → [verdict, reason] from a report.json ({@link org.hitcert.report.ReportDiff#outcomes}). */
    static Map<String, String[]> verdicts(JsonNode report) {
        Map<String, String[]> out = new LinkedHashMap<>();
        org.hitcert.report.ReportDiff.outcomes(report).forEach((id, o) -> out.put(id, new String[] {o.verdict(), o.reason()}));
        return out;
    }

    /** Whether {@code command --version} (or the given arguments) runs and exits 0 within 10 s. */
    static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            boolean done = p.waitFor(10, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            return done && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
