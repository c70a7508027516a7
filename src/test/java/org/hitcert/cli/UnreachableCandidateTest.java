package org.hitcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A candidate nobody answers for: exit 3, and the report is still written, every check ERROR. */
class UnreachableCandidateTest {

    @TempDir
    Path dir;

    static int freePort() throws java.io.IOException {
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    /** A candidate file (name {@code gone}) whose issuer, on a free loopback port, nobody answers for. */
    static Path unreachableCandidate(Path dir, int port) throws java.io.IOException {
        Path candidate = dir.resolve("gone.yaml");
        Files.writeString(candidate, String.join("\n",
                "hitcert-candidate: 1",
                "name: gone",
                "issuer: https://localhost:" + port,
                "fhir-base: https://localhost:" + port + "/fhir",
                "allowed-hosts: [localhost]",
                "callback: https://127.0.0.1:" + freePort() + "/callback",
                "clients:",
                "  - role: public",
                "    client-id: app",
                "    auth-method: none",
                "    scope: openid",
                "users:",
                "  - role: default",
                "    username: alice",
                "    password: ${env:HITCERT_TEST_UNSET_PASSWORD}",
                "login:",
                "  - click: \"button\"",
                ""));
        return candidate;
    }

    @Test
    void whenIssuerDoesNotAnswerThenExit3AndReportSaysWhy() throws Exception {
        int port = freePort();
        Path candidate = unreachableCandidate(dir, port);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path out = dir.resolve("reports");
        int exit = Main.run(new String[] {"--candidate", candidate.toString(), "--out", out.toString()},
                new PrintStream(console, true, StandardCharsets.UTF_8), new PrintStream(console, true, StandardCharsets.UTF_8));
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isEqualTo(Main.UNREACHABLE);
        assertThat(printed).contains("candidate unreachable").contains("localhost:" + port);
        try (Stream<Path> runs = Files.list(out)) {
            Path run = runs.findFirst().orElseThrow();
            assertThat(Files.readString(run.resolve("report.json"))).contains("\"certified\" : false").contains("ERROR");
        }
    }
}
