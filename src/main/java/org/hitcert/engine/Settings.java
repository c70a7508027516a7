package org.hitcert.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * The engine's configuration parameters, with their defaults. The CLI sets them; so can Surefire or an IDE.
 *
 * <ul>
 *   <li>{@code hitcert.plan}: plan file when no file selector is given (default: none)</li>
 *   <li>{@code hitcert.candidate}: candidate file (default {@code fixtures/candidates/reference.yaml})</li>
 *   <li>{@code hitcert.flaws}: comma-separated reference flaws added to the candidate file's (default none)</li>
 *   <li>{@code hitcert.only}: comma-separated check, requirement or consideration ids to run (default all)</li>
 *   <li>{@code hitcert.browser}: the browser the checks run in: chromium, htmlunit, grid:URL[#NAME], or grid[#NAME] on
 *       {@code hitcert.grid} (default chromium, or grid when {@code hitcert.grid} is set); see {@code BrowserKind}</li>
 *   <li>{@code hitcert.browsers}: comma-separated browsers of the compatibility matrix, in the same forms (default: the
 *       one of {@code hitcert.browser}); the browser-matrix check runs the authorization flow in each</li>
 *   <li>{@code hitcert.grid}: the Selenium Grid's URL, e.g. {@code http://127.0.0.1:4444} (default none); the tester's
 *       infrastructure, reached only because it is named here, never a candidate host</li>
 *   <li>{@code hitcert.check-timeout}: seconds a check may run at least (default 90); a check that does many browser
 *       flows or waits for a claimed lifetime gets more, see {@code TimeLimits}</li>
 *   <li>{@code hitcert.max-wait}: the longest a check may wait on purpose for a lifetime the candidate claims, in
 *       seconds (default 900)</li>
 *   <li>{@code hitcert.http-timeout}: seconds an HTTP exchange may take (default 15)</li>
 *   <li>{@code hitcert.step-timeout}: seconds a login step may wait for its element (default 10)</li>
 *   <li>{@code hitcert.parallelism}: checks run at once, 1 (serial) to 32 (default 4)</li>
 * </ul>
 */
public record Settings(Optional<Path> plan, Path candidate, List<String> flaws, List<String> only, String browser,
                       Duration checkTimeout, Duration httpTimeout, Duration stepTimeout, List<String> browsers,
                       Duration maxWait) {

    /** Settings with the default maximum wait. */
    public Settings(Optional<Path> plan, Path candidate, List<String> flaws, List<String> only, String browser,
                    Duration checkTimeout, Duration httpTimeout, Duration stepTimeout, List<String> browsers) {
        this(plan, candidate, flaws, only, browser, checkTimeout, httpTimeout, stepTimeout, browsers,
                Duration.ofSeconds(DEFAULT_MAX_WAIT));
    }

    public static final String PLAN = "hitcert.plan";
    public static final String CANDIDATE = "hitcert.candidate";
    public static final String FLAWS = "hitcert.flaws";
    public static final String ONLY = "hitcert.only";
    public static final String BROWSER = "hitcert.browser";
    /** The browsers of the compatibility matrix, comma-separated (default: {@link #BROWSER}'s). */
    public static final String BROWSERS = "hitcert.browsers";
    /** The Selenium Grid that {@code grid} browsers come from. */
    public static final String GRID = "hitcert.grid";
    public static final String CHECK_TIMEOUT = "hitcert.check-timeout";
    public static final String HTTP_TIMEOUT = "hitcert.http-timeout";
    public static final String STEP_TIMEOUT = "hitcert.step-timeout";
    /** The longest deliberate wait for a claimed lifetime, in seconds (default {@link #DEFAULT_MAX_WAIT}). */
    public static final String MAX_WAIT = "hitcert.max-wait";
    public static final long DEFAULT_MAX_WAIT = 900;
    /** Optional attestations file: the vendor's answers to the plan's attestation requirements. */
    public static final String ATTESTATIONS = "hitcert.attestations";
    /** How many checks run at once, 1 to 32 (default 4); read by the engine's executor, see {@code Parallelism}. */
    public static final String PARALLELISM = "hitcert.parallelism";
    /**
     * {@code true}: the checks of {@link SetupGate#BASICS} run first, and a blocking basic that cannot be exercised
     * ends the others at once (INCONCLUSIVE); only with parallelism above 1. Default false.
     */
    public static final String PREFLIGHT = "hitcert.preflight";
    public static final Path DEFAULT_CANDIDATE = Path.of("fixtures", "candidates", "reference.yaml");

    public static Settings from(ConfigurationParameters p) {
        Optional<String> grid = p.get(GRID).filter(s -> !s.isBlank());
        String browser = kind(p.get(BROWSER).filter(s -> !s.isBlank()).orElse(grid.isPresent() ? "grid" : "chromium"), grid);
        List<String> browsers = list(p.get(BROWSERS)).stream().map(b -> kind(b, grid)).distinct().toList();
        return new Settings(p.get(PLAN).filter(s -> !s.isBlank()).map(Path::of),
                p.get(CANDIDATE).filter(s -> !s.isBlank()).map(Path::of).orElse(DEFAULT_CANDIDATE),
                list(p.get(FLAWS)), list(p.get(ONLY)), browser,
                Duration.ofSeconds(p.get(CHECK_TIMEOUT, Long::parseLong).orElse(90L)),
                Duration.ofSeconds(p.get(HTTP_TIMEOUT, Long::parseLong).orElse(15L)),
                Duration.ofSeconds(p.get(STEP_TIMEOUT, Long::parseLong).orElse(10L)),
                browsers.isEmpty() ? List.of(browser) : browsers,
                Duration.ofSeconds(p.get(MAX_WAIT, Long::parseLong).orElse(DEFAULT_MAX_WAIT)));
    }

    /** A browser spec in its normalised form ({@code grid} resolved against {@code hitcert.grid}); kept as given when invalid. */
    private static String kind(String spec, Optional<String> grid) {
        try {
            return org.hitcert.support.BrowserKind.parse(spec, grid).spec();
        } catch (IllegalArgumentException e) {
            return spec; // starting it reports the problem, as an INCONCLUSIVE of the browser checks
        }
    }

    private static List<String> list(Optional<String> value) {
        return value.map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }
}
