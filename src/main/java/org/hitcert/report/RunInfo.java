package org.hitcert.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the report header says about a run: the suite, the plan and the candidate it ran against.
 *
 * @param flaws the reference candidate's flaw switches turned on for this run (empty for a clean or third-party candidate)
 */
public record RunInfo(String suiteVersion, String planFile, String planId, String candidateName, String candidateFile,
                      List<String> flaws, Instant started) {

    public RunInfo {
        Objects.requireNonNull(suiteVersion, "suiteVersion");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(candidateName, "candidateName");
        planFile = planFile == null ? "" : planFile;
        candidateFile = candidateFile == null ? "" : candidateFile;
        flaws = flaws == null ? List.of() : List.copyOf(flaws);
        Objects.requireNonNull(started, "started");
    }
}
