package org.hitcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.hitcert.support.LoopbackServers;

/** A broken plan or candidate file stops the run with exit 2 and file:line:column problems, before any traffic. */
class BadInputStopsBeforeTrafficTest {

    @TempDir
    Path dir;

    @Test
    void whenPlanHasThreeMistakesThenExit2WithThreeLocatedProblemsAndNoTraffic() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = LoopbackServers.http(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            requests.incrementAndGet();
            x.sendResponseHeaders(500, -1);
            x.close();
        });
        server.start();
        try {
            Path candidate = dir.resolve("candidate.yaml");
            int port = server.getAddress().getPort();
            Files.writeString(candidate, String.join("\n",
                    "hitcert-candidate: 1",
                    "name: counting",
                    "issuer: https://localhost:" + port,
                    "allowed-hosts: [localhost]",
                    "callback: http://127.0.0.1:" + (port + 1) + "/callback",
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
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            String plan = "src/test/resources/cli/three-mistakes.yaml";
            int exit = Main.run(new String[] {"--plan", plan, "--candidate", candidate.toString(), "--out", dir.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            List<String> located = err.toString(StandardCharsets.UTF_8).lines()
                    .filter(l -> l.matches("\\Q" + plan + "\\E:\\d+:\\d+: .*")).toList();
            assertThat(exit).isEqualTo(Main.BAD_INPUT);
            assertThat(located).hasSize(3);
            assertThat(located).anySatisfy(l -> assertThat(l).startsWith(plan + ":13:").contains("discovery.oidc.consistnt"));
            assertThat(located).anySatisfy(l -> assertThat(l).startsWith(plan + ":9:").contains("level"));
            assertThat(located).anySatisfy(l -> assertThat(l).startsWith(plan + ":17:").contains("sources"));
            assertThat(requests).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void whenFlawIsUnknownThenExit2NamingTheKnownFlaws() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"--flaw", "pkce-optionl", "--out", dir.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(Main.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("pkce-optionl").contains("pkce-optional");
    }
}
