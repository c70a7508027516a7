package org.hitcert.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real authorization server nobody here wrote: oidc-provider (npm), started by the suite from its candidate file's
 * launch section, certified through the command line, and stopped. Every check's verdict must be the one
 * {@code expected-verdicts.yaml} states (a check missing from the file, an expectation that no longer happens, and
 * a check the file names that did not run all fail the test), no file of the report and no console line may hold a
 * configured secret or an issued token, and no candidate process may be left behind.
 */
@org.junit.jupiter.api.parallel.Isolated("a whole certification run: not beside the flaw meta-test's runs")
class OidcProviderTest {

    static final Path FOLDER = Path.of("fixtures", "candidates", "oidc-provider");
    static final Path CANDIDATE = FOLDER.resolve("candidate.yaml");
    static final Path EXPECTED = FOLDER.resolve("expected-verdicts.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    @Test
    void whenOidcProviderIsCertifiedThenEveryVerdictIsTheExpectedOneAndNoSecretLeaks() throws Exception {
        assumeTrue(nodeAvailable(), "node (Node.js 20+) is not on the PATH: the oidc-provider candidate cannot start");
        Map<String, Expected> expected = expected();
        System.setProperty("hitcert.test.collect-secrets", "true");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int exit;
        try {
            PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8);
            exit = Main.run(new String[] {"--candidate", CANDIDATE.toString(), "--out", out.toString(),
                    "--check-timeout", "240"}, ps, ps);
        } finally {
            System.clearProperty("hitcert.test.collect-secrets");
        }
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isIn(Main.CERTIFIED, Main.NOT_CERTIFIED);
        assertThat(portOpen(9443)).as("the candidate must be stopped after the run").isFalse();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("?")).filter(c -> c.contains("server.mjs")).toList())
                .as("no candidate process left behind").isEmpty();

        Path run;
        try (Stream<Path> s = Files.list(out)) {
            run = s.findFirst().orElseThrow();
        }
        Map<String, String[]> actual = verdicts(JSON.readTree(run.resolve("report.json").toFile()));
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String[]> a : actual.entrySet()) {
            Expected e = expected.get(a.getKey());
            if (e == null) {
                differences.add(a.getKey() + ": " + a.getValue()[0] + " (" + a.getValue()[1] + ") but the check is "
                        + "missing from " + EXPECTED);
            } else if (!e.verdict().equals(a.getValue()[0])) {
                differences.add(a.getKey() + ": expected " + e.verdict() + " (" + e.reason() + "), got " + a.getValue()[0]
                        + " (" + a.getValue()[1] + ")");
            }
        }
        for (String id : expected.keySet()) {
            if (!actual.containsKey(id)) {
                differences.add(id + ": expected " + expected.get(id).verdict() + " but the check did not run");
            }
        }
        assertThat(differences).as("verdicts on oidc-provider that differ from " + EXPECTED + "\n" + printed).isEmpty();

        Set<String> secrets = new TreeSet<>(Redactor.collectedForTests());
        assertThat(secrets).as("secrets the run handled").anySatisfy(s -> assertThat(s).startsWith("eyJ"));
        for (String key : List.of("backend.private.jwk", "confidential-jwt.private.jwk")) {
            secrets.add(JSON.readTree(FOLDER.resolve("test-only-keys").resolve(key).toFile()).path("d").asText());
        }
        String serverKey = Files.readString(FOLDER.resolve("test-only-tls").resolve("server.key"));
        serverKey.lines().filter(l -> !l.startsWith("-----") && l.length() > 20).forEach(secrets::add);
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

    @Test
    void whenExpectedVerdictsAreReadThenEveryCatalogCheckHasOneAndEveryNonPassHasAReason() throws Exception {
        Map<String, Expected> expected = expected();
        Set<String> catalog = new TreeSet<>();
        CheckCatalog.standard().all().forEach(c -> catalog.add(c.info().id()));
        assertThat(expected.keySet()).as("checks in " + EXPECTED + " that the catalog does not know")
                .isSubsetOf(catalog);
        for (Map.Entry<String, Expected> e : expected.entrySet()) {
            assertThat(e.getValue().verdict()).as(e.getKey())
                    .isIn("PASS", "FAIL", "INCONCLUSIVE", "NOT_APPLICABLE", "ERROR", "ATTESTATION");
            if (!e.getValue().verdict().equals("PASS")) {
                assertThat(e.getValue().reason()).as(e.getKey() + " is expected " + e.getValue().verdict()
                        + ": say why (a real finding, or a limitation)").isNotBlank();
            }
        }
    }

    record Expected(String verdict, String reason) {
    }

    /** {@code checks: { id: PASS | { verdict: V, reason: "..." } }} */
    static Map<String, Expected> expected() throws Exception {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(EXPECTED.toFile());
        Map<String, Expected> out = new LinkedHashMap<>();
        root.path("checks").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isTextual()
                ? new Expected(e.getValue().asText(), "")
                : new Expected(e.getValue().path("verdict").asText(), e.getValue().path("reason").asText(""))));
        assertThat(out).as(EXPECTED + " lists no checks").isNotEmpty();
        return out;
    }

    /** Check id → [verdict, reason] from a report.json. */
    static Map<String, String[]> verdicts(JsonNode report) {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (JsonNode c : report.path("considerations")) {
            for (JsonNode r : c.path("requirements")) {
                for (JsonNode k : r.path("checks")) {
                    out.put(k.path("checkId").asText(), new String[] {k.path("verdict").asText(), k.path("reason").asText("")});
                }
            }
        }
        return out;
    }

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            boolean done = p.waitFor(10, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            return done && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
