package org.hitcert.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hitcert.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A candidate that misbehaves cannot break the suite: the affected checks end FAIL, ERROR or INCONCLUSIVE
 * with a reason, in bounded time; the run completes, writes its report, and exits with the right code.
 */
@org.junit.jupiter.api.parallel.Isolated("a whole certification run: not beside the flaw meta-test's runs")
class HostileCandidateTest {

    /** A check that reads only the (sound) OpenID discovery document and two that must meet the misbehaviour. */
    private static final List<String> ONLY = List.of("DS-ASMETA", "DS-SMART", "RS-NO-TOKEN", "AZ-CODE-FLOW");
    /** These read only the sound discovery document, so they may PASS whatever else misbehaves. */
    private static final List<String> MAY_PASS = List.of("discovery.auth-signing-algs.no-none");
    private static TestPki pki;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() throws Exception {
        pki = new TestPki();
    }

    record Run(int exit, String console, JsonNode report, long millis) {
        List<JsonNode> checks() {
            List<JsonNode> out = new ArrayList<>();
            report.path("considerations").forEach(c -> c.path("requirements").forEach(r -> r.path("checks").forEach(out::add)));
            return out;
        }
    }

    private Run certify(HostileServer server) throws Exception {
        Path ca = dir.resolve("ca.pem");
        pki.writeCa(ca);
        int callback;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            callback = free.getLocalPort();
        }
        Path candidate = dir.resolve("hostile.yaml");
        Files.writeString(candidate, String.join("\n",
                "hitcert-candidate: 1",
                "name: hostile",
                "issuer: " + server.base(),
                "fhir-base: " + server.base() + "/fhir",
                "allowed-hosts: [localhost]",
                "trust-anchor: ca.pem",
                "callback: https://127.0.0.1:" + callback + "/callback",
                "clients:",
                "  - role: public",
                "    client-id: app",
                "    auth-method: none",
                "    scope: openid",
                "users:",
                "  - role: default",
                "    username: alice",
                "    password: ${env:PATH}",
                "login:",
                "  - fill: \"#username\"",
                "    value: \"${user.username}\"",
                "  - click: \"button[type=submit]\"",
                "profiles: [smart]", // it poses as a SMART server, so the SMART checks are held to its misbehaviour
                ""));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path out = dir.resolve("reports");
        List<String> args = new ArrayList<>(List.of("--candidate", candidate.toString(), "--out", out.toString(),
                "--http-timeout", "2", "--check-timeout", "30", "--step-timeout", "3",
                // each check is held to the hostile answers; the preflight would end them at the first basic it breaks
                // (RunPreflightTest proves that stop)
                "--no-preflight"));
        ONLY.forEach(id -> args.addAll(List.of("--only", id)));
        long start = System.nanoTime();
        PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8);
        int exit = Main.run(args.toArray(String[]::new), ps, ps);
        long millis = (System.nanoTime() - start) / 1_000_000;
        Path report;
        try (Stream<Path> runs = Files.list(out)) {
            report = runs.findFirst().orElseThrow().resolve("report.json");
        }
        assertThat(report).as("the report is written whatever the candidate did").isNotEmptyFile();
        assertThat(Files.size(report)).as("evidence is capped").isLessThan(20L * 1024 * 1024);
        return new Run(exit, console.toString(StandardCharsets.UTF_8), new ObjectMapper().readTree(report.toFile()), millis);
    }

    @ParameterizedTest
    @EnumSource(HostileServer.Mode.class)
    void whenAnEndpointMisbehavesThenItsChecksFailWithReasonsAndTheRunCompletes(HostileServer.Mode mode) throws Exception {
        try (HostileServer server = new HostileServer(pki.serverContext(TestPki.Leaf.LOCALHOST), mode, false)) {
            Run run = certify(server);
            assertThat(run.exit()).as(run.console()).isEqualTo(Main.NOT_CERTIFIED);
            assertThat(run.millis()).as("bounded time").isLessThan(240_000);
            List<JsonNode> checks = run.checks();
            assertThat(checks).hasSize(ONLY.size());
            for (JsonNode c : checks) {
                String id = c.path("checkId").asText();
                String verdict = c.path("verdict").asText();
                assertThat(c.path("reason").asText()).as(id + " has a reason").isNotBlank();
                if (!MAY_PASS.contains(id)) {
                    assertThat(verdict).as(id + " under " + mode + ": " + c.path("reason").asText())
                            .isIn("FAIL", "ERROR", "INCONCLUSIVE");
                }
            }
            if (mode == HostileServer.Mode.FOREIGN_HOST_ENDPOINTS) {
                assertThat(checks).anySatisfy(c -> assertThat(c.path("reason").asText()).contains("refused to contact not-listed.example"));
            }
        }
    }

    @Test
    void whenDiscoveryNeverAnswersThenExit3WithTheReason() throws Exception {
        try (HostileServer server = new HostileServer(pki.serverContext(TestPki.Leaf.LOCALHOST), HostileServer.Mode.NEVER_ANSWERS, true)) {
            Run run = certify(server);
            assertThat(run.exit()).as(run.console()).isEqualTo(Main.UNREACHABLE);
            assertThat(run.console()).contains("candidate unreachable");
            assertThat(run.millis()).isLessThan(60_000);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestPki.Leaf.class, names = {"OTHER_HOST", "EXPIRED"})
    void whenCertificateIsWrongThenNoExchangeSucceedsAndTheReasonNamesTheCertificate(TestPki.Leaf leaf) throws Exception {
        try (HostileServer server = new HostileServer(pki.serverContext(leaf), HostileServer.Mode.SERVER_ERROR, false)) {
            Run run = certify(server);
            assertThat(run.exit()).as(run.console()).isEqualTo(Main.UNREACHABLE);
            assertThat(run.console()).containsAnyOf("certificate", "Certificate", "SSL", "PKIX", "subject alternative");
            assertThat(server.requests.get()).as("no request got past the TLS handshake").isZero();
        }
    }
}
