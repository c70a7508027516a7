package org.hitcert.grid;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hitcert.cli.Main;
import org.hitcert.support.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser checks through {@code --grid}: a real Selenium Grid (selenium-grid 4.41.0 in its own JVM, on loopback,
 * with this machine's Chromium as its node) serves every browser session of the run. A login-driven code flow, the
 * cross-site framing check, the consent check, the cookie-flag and Referer checks (which read DevTools and the
 * performance log through the grid) PASS against the clean reference and the framing check FAILs under its flaw,
 * as they do locally; the report names the grid's browser and version for each check, and the browser matrix
 * holds the grid's Chromium and the local one, desktop and phone profile each.
 */
@org.junit.jupiter.api.parallel.Isolated("a whole certification run: not beside the flaw meta-test's runs")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CHECKS = List.of("authorize.code-flow.pkce", "crosssite.framing.refused",
            "login.consent.first-authorization", "crosssite.cookies.protected", "crosssite.referer.no-leak",
            "compat.browsers.code-flow");

    @TempDir
    static Path dir;
    private GridServer grid;

    @BeforeAll
    void startGrid() throws Exception {
        Assumptions.assumeTrue(Browser.localChromiumInstalled("chromium-full"),
                "Chromium and chromedriver are not installed");
        long t0 = System.nanoTime();
        grid = GridServer.start(Files.createDirectories(dir.resolve("grid")), 3);
        System.out.printf("GridRunTest: grid ready at %s in %.1f s%n", grid.url(), (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    void stopGrid() throws Exception {
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void whenTheReferenceIsCleanThenTheBrowserChecksPassInTheGridsBrowserAndTheReportSaysSo() throws Exception {
        List<String> args = new ArrayList<>(List.of("--grid", grid.url().toString(), "--browser", "grid", "--browser", "chromium-full"));
        JsonNode report = certify("clean", args);
        Map<String, JsonNode> checks = checks(report);
        assertThat(checks.keySet()).containsExactlyInAnyOrderElementsOf(CHECKS);
        String gridBrowser = "(Selenium Grid " + grid.url() + ")";
        checks.forEach((id, c) -> {
            assertThat(c.path("verdict").asText()).as(id + ": " + c.path("reason").asText()).isEqualTo("PASS");
            assertThat(c.path("browser").asText()).as(id + " ran in").matches("chrome \\d+\\.[0-9.]+ \\Q" + gridBrowser + "\\E.*");
        });
        assertThat(checks.get("compat.browsers.code-flow").path("browser").asText()).contains("Chromium ");
        assertThat(report.path("run").path("environment").path("browser").asText()).contains(gridBrowser);
        JsonNode matrix = report.path("browserMatrix").get(0);
        assertThat(matrix.path("checkId").asText()).isEqualTo("compat.browsers.code-flow");
        List<String> rows = new ArrayList<>();
        matrix.path("rows").forEach(r -> rows.add(r.path("browser").asText().replaceAll(" \\d.*? \\(", " (")
                .replaceAll(" \\d[0-9.]*$", "") + " / " + r.path("profile").asText() + " = " + r.path("outcome").asText()));
        assertThat(rows).containsExactly("chrome " + gridBrowser + " / desktop = COMPLETED",
                "chrome " + gridBrowser + " / mobile = COMPLETED", "Chromium / desktop = COMPLETED", "Chromium / mobile = COMPLETED");
        assertThat(grid.logTail()).as("the grid's log").containsIgnoringCase("session");
    }

    @Test
    void whenTheLoginIsFrameableThenTheFramingCheckFailsInTheGridsBrowser() throws Exception {
        JsonNode report = certify("frameable", List.of("--grid", grid.url().toString(), "--flaw", "frameable-login",
                "--only", "authorize.code-flow.pkce", "--only", "crosssite.framing.refused"));
        Map<String, JsonNode> checks = checks(report);
        assertThat(checks.get("crosssite.framing.refused").path("verdict").asText())
                .as(checks.get("crosssite.framing.refused").path("reason").asText()).isEqualTo("FAIL");
        assertThat(checks.get("authorize.code-flow.pkce").path("verdict").asText())
                .as(checks.get("authorize.code-flow.pkce").path("reason").asText()).isEqualTo("PASS");
        checks.values().forEach(c -> assertThat(c.path("browser").asText()).contains("(Selenium Grid " + grid.url() + ")"));
    }

    private JsonNode certify(String name, List<String> options) throws Exception {
        List<String> args = new ArrayList<>(options);
        if (!args.contains("--only")) {
            CHECKS.forEach(c -> {
                args.add("--only");
                args.add(c);
            });
        }
        Path out = dir.resolve(name);
        args.addAll(List.of("--out", out.toString(), "--parallel", "2", "--check-timeout", "240", "--step-timeout", "20"));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        Main.run(args.toArray(String[]::new), ps, ps);
        System.out.printf("GridRunTest %s: %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
        Path folder;
        try (Stream<Path> runs = Files.list(out)) {
            folder = runs.filter(Files::isDirectory).findFirst().orElseThrow(() -> new AssertionError(
                    "no report: " + console.toString(StandardCharsets.UTF_8)));
        }
        return JSON.readTree(folder.resolve("report.json").toFile());
    }

    private static Map<String, JsonNode> checks(JsonNode report) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        report.path("considerations").forEach(c -> c.path("requirements").forEach(r -> r.path("checks")
                .forEach(k -> out.put(k.path("checkId").asText(), k))));
        return out;
    }
}
