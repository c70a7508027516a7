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
 *   <li>{@code hitcert.browser}: chromium, htmlunit or grid:URL (default chromium)</li>
 *   <li>{@code hitcert.check-timeout}: seconds a check may run (default 90)</li>
 *   <li>{@code hitcert.http-timeout}: seconds an HTTP exchange may take (default 15)</li>
 *   <li>{@code hitcert.step-timeout}: seconds a login step may wait for its element (default 10)</li>
 *   <li>{@code hitcert.parallelism}: checks run at once, 1 (serial) to 32 (default 4)</li>
 * </ul>
 */
public record Settings(Optional<Path> plan, Path candidate, List<String> flaws, List<String> only, String browser,
                       Duration checkTimeout, Duration httpTimeout, Duration stepTimeout) {

    public static final String PLAN = "hitcert.plan";
    public static final String CANDIDATE = "hitcert.candidate";
    public static final String FLAWS = "hitcert.flaws";
    public static final String ONLY = "hitcert.only";
    public static final String BROWSER = "hitcert.browser";
    public static final String CHECK_TIMEOUT = "hitcert.check-timeout";
    public static final String HTTP_TIMEOUT = "hitcert.http-timeout";
    public static final String STEP_TIMEOUT = "hitcert.step-timeout";
    /** Optional attestations file: the vendor's answers to the plan's attestation requirements. */
    public static final String ATTESTATIONS = "hitcert.attestations";
    /** How many checks run at once, 1 to 32 (default 4); read by the engine's executor, see {@code Parallelism}. */
    public static final String PARALLELISM = "hitcert.parallelism";
    public static final Path DEFAULT_CANDIDATE = Path.of("fixtures", "candidates", "reference.yaml");

    public static Settings from(ConfigurationParameters p) {
        return new Settings(p.get(PLAN).filter(s -> !s.isBlank()).map(Path::of),
                p.get(CANDIDATE).filter(s -> !s.isBlank()).map(Path::of).orElse(DEFAULT_CANDIDATE),
                list(p.get(FLAWS)), list(p.get(ONLY)), p.get(BROWSER).filter(s -> !s.isBlank()).orElse("chromium"),
                Duration.ofSeconds(p.get(CHECK_TIMEOUT, Long::parseLong).orElse(90L)),
                Duration.ofSeconds(p.get(HTTP_TIMEOUT, Long::parseLong).orElse(15L)),
                Duration.ofSeconds(p.get(STEP_TIMEOUT, Long::parseLong).orElse(10L)));
    }

    private static List<String> list(Optional<String> value) {
        return value.map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }
}
