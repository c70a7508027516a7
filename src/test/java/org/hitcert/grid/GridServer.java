package org.hitcert.grid;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Selenium Grid (standalone: router and one node) in a JVM of its own, on its own classpath (selenium-grid 4.41.0,
 * resolved by the build into {@value #CLASSPATH}), listening on 127.0.0.1 only, with this machine's Chromium and
 * chromedriver as its node: no driver detection, no Selenium Manager, no download.
 */
final class GridServer implements AutoCloseable {

    static final Path CLASSPATH = Path.of("src", "test", "grid", "target", "grid-classpath.txt");
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Process process;
    private final URI url;
    private final Path log;

    private GridServer(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** Starts the grid with at most {@code sessions} browsers at once, and waits (bounded) until it says it is ready. */
    static GridServer start(Path dir, int sessions) throws IOException, InterruptedException {
        if (!Files.isRegularFile(CLASSPATH)) {
            throw new IllegalStateException(CLASSPATH + " is missing: the build resolves it (pom.xml profile grid-classpath); "
                    + "run mvn test-compile once with Maven Central reachable");
        }
        String classpath = Files.readString(CLASSPATH).trim();
        List<String> missing = Arrays.stream(classpath.split(java.io.File.pathSeparator))
                .filter(jar -> !Files.isRegularFile(Path.of(jar))).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the grid classpath names jars that are gone (" + missing.get(0)
                    + "): delete src/test/grid/target and run mvn test-compile again");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("grid.toml");
        Files.writeString(config, String.join("\n",
                "[server]",
                "host = \"127.0.0.1\"",
                "port = " + port,
                "",
                "[sessionqueue]",
                "session-request-timeout = 120",
                "",
                "[node]",
                "detect-drivers = false",
                "selenium-manager = false",
                "max-sessions = " + sessions,
                "session-timeout = 300",
                "",
                "[[node.driver-configuration]]",
                "display-name = \"chromium\"",
                "webdriver-executable = \"/usr/bin/chromedriver\"",
                "max-sessions = " + sessions,
                "stereotype = '{\"browserName\": \"chrome\", \"goog:chromeOptions\": {\"binary\": \"/usr/bin/chromium\", "
                        + "\"args\": [\"--headless=new\", \"--no-sandbox\", \"--disable-gpu\", \"--disable-dev-shm-usage\"]}}'",
                ""));
        Path log = dir.resolve("grid.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m", "-cp", classpath,
                "org.openqa.selenium.grid.Main", "standalone", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        URI url = URI.create("http://127.0.0.1:" + port);
        GridServer grid = new GridServer(p, url, log);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the grid exited at start (" + p.exitValue() + "): " + grid.logTail());
            }
            try {
                HttpResponse<String> status = http.send(HttpRequest.newBuilder(url.resolve("/status"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                if (status.statusCode() == 200 && status.body().replace(" ", "").contains("\"ready\":true")) {
                    return grid;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        grid.close();
        throw new IllegalStateException("the grid was not ready within " + STARTUP.toSeconds() + " s: " + grid.logTail());
    }

    URI url() {
        return url;
    }

    String logTail() {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the grid and every browser and driver it started (its whole process tree). */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : tree) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }
}
