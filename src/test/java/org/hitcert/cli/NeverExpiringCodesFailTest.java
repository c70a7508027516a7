package org.hitcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: a candidate file may state that codes never expire ({@code code-lifetime-seconds: none}); TK-CODE-TTL then
 * FAILs on that statement (RFC 6749 §4.1.2: a code must be short-lived), at once, with no wait and no login.
 */
class NeverExpiringCodesFailTest {

    @TempDir
    Path dir;

    @Test
    void whenTheCandidateFileStatesCodesNeverExpireThenTheCodeLifetimeCheckFails() throws Exception {
        String reference = Files.readString(Path.of("fixtures/candidates/reference.yaml"))
                .replaceAll("(?m)^  code-lifetime-seconds-second: 3.*$", "  code-lifetime-seconds-second: none");
        assertThat(reference).contains("code-lifetime-seconds-second: none");
        Path candidate = Files.writeString(dir.resolve("never.yaml"), reference);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(console, true, StandardCharsets.UTF_8);
        int exit = Main.run(new String[] {"--candidate", candidate.toString(), "--only", "token.code.expires", "--out",
                dir.resolve("reports").toString()}, print, print);
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isEqualTo(Main.NOT_CERTIFIED);
        assertThat(printed).contains("FAIL").contains("never expire (claims: code-lifetime-seconds: none)")
                .contains("RFC 6749 §4.1.2");
    }
}
