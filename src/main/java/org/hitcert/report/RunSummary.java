package org.hitcert.report;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hitcert.model.Verdict;

/**
 * The outcome of a run as the CLI needs it for its exit code.
 *
 * @param counts   TEST nodes (checks, and requirements without checks) per verdict; every verdict present, zero or more
 * @param planned  TEST nodes not assessed because no check exists yet
 * @param blocking how many requirements stand in the way of certification
 * @param blockingRequirements their ids, {@code consideration/requirement}
 */
public record RunSummary(boolean certified, Map<Verdict, Integer> counts, int planned, int blocking, Path reportDir,
                         List<String> blockingRequirements) {

    public RunSummary {
        EnumMap<Verdict, Integer> all = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            all.put(v, counts.getOrDefault(v, 0));
        }
        counts = Collections.unmodifiableMap(all);
        Objects.requireNonNull(reportDir, "reportDir");
        blockingRequirements = List.copyOf(blockingRequirements);
    }

    /** The shape the brief asked for; {@link #blockingRequirements()} is empty. */
    public RunSummary(boolean certified, Map<Verdict, Integer> counts, int planned, int blocking, Path reportDir) {
        this(certified, counts, planned, blocking, reportDir, List.of());
    }
}
