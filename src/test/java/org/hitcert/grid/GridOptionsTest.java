package org.hitcert.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.hitcert.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wrong --grid or --browser stops the run before any traffic, saying what would be right. */
class GridOptionsTest {

    @TempDir
    Path dir;

    private String refused(String... args) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8);
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--out", dir.resolve("reports").toString())).toArray(String[]::new);
        int exit = Main.run(all, ps, ps);
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isEqualTo(Main.BAD_INPUT);
        assertThat(printed).contains("nothing was sent");
        assertThat(dir.resolve("reports")).doesNotExist();
        return printed;
    }

    @Test
    void whenTheGridUrlIsNotHttpThenNothingIsSent() {
        assertThat(refused("--grid", "ftp://127.0.0.1:4444")).contains("<command line>: --grid: grid URL 'ftp://127.0.0.1:4444'")
                .contains("expected http://HOST:PORT").doesNotContain("--browser:");
    }

    @Test
    void whenAGridBrowserIsListedWithoutAGridThenNothingIsSent() {
        assertThat(refused("--browser", "chromium", "--browser", "grid#edge")).contains("no --grid URL is given");
    }

    @Test
    void whenAGridBrowserCannotBeConfinedThenNothingIsSent() {
        assertThat(refused("--grid", "http://127.0.0.1:4444", "--browser", "grid#firefox")).contains("cannot be confined")
                .contains("expected chrome or MicrosoftEdge");
    }
}
