package org.hitcert.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import org.hitcert.model.Evidence;
import org.hitcert.model.Verdict;

/**
 * The finished report as every writer sees it: built once, already scrubbed, serialised as {@code report.json}.
 * Versioned by {@link #SCHEMA}; add fields freely, rename or remove only with a new schema version.
 */
@JsonPropertyOrder({"schema", "run", "overall", "considerations", "browserMatrix"})
record Report(String schema, Run run, Overall overall, List<ConsiderationResult> considerations,
              @JsonInclude(JsonInclude.Include.NON_EMPTY) List<BrowserMatrix> browserMatrix) {

    /**
     * A compatibility matrix one check recorded (evidence of kind {@code browser-matrix}; absent from report.json when
     * no check recorded one): one row per browser and
     * profile, with what each stage of the authorization flow did there.
     */
    @JsonPropertyOrder({"checkId", "requirementId", "verdict", "columns", "rows"})
    record BrowserMatrix(String checkId, String requirementId, Verdict verdict, List<String> columns,
                         List<Map<String, Object>> rows) {
    }

    static final String SCHEMA = "hitcert-report/1";

    @JsonPropertyOrder({"suiteVersion", "planId", "planTitle", "planFile", "candidateName", "candidateFile", "flaws",
            "started", "finished", "durationMs", "complete", "environment"})
    record Run(String suiteVersion, String planId, String planTitle, String planFile, String candidateName,
               String candidateFile, List<String> flaws, String started, String finished, long durationMs,
               boolean complete, Map<String, String> environment) {
    }

    @JsonPropertyOrder({"certified", "counts", "planned", "blocking"})
    record Overall(boolean certified, Map<Verdict, Integer> counts, int planned, List<String> blocking) {
    }

    @JsonPropertyOrder({"id", "title", "text", "verdict", "requirements"})
    record ConsiderationResult(String id, String title, String text, Verdict verdict,
                               List<RequirementResult> requirements) {
    }

    /**
     * @param attestation for attestation requirements: the evidence a human must attach
     * @param test        for a requirement without checks: its own TEST node's result (null otherwise)
     */
    @JsonPropertyOrder({"id", "title", "level", "sources", "kind", "status", "verdict", "reason", "blocking",
            "attestation", "test", "checks"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RequirementResult(String id, String title, String level, List<SourceLink> sources, String kind,
                             String status, Verdict verdict, String reason, boolean blocking, String attestation,
                             CheckResult test, List<CheckResult> checks) {
    }

    @JsonPropertyOrder({"id", "url"})
    record SourceLink(String id, String url) {
    }

    /**
     * @param checkId null for a requirement's own TEST node
     * @param name    the JUnit-style name: the check id with its {@code #n} suffix when bound twice, or the requirement id
     */
    /** @param browser the browser(s) the check ran in, name and version; absent for checks that used none */
    @JsonPropertyOrder({"checkId", "name", "requirementId", "considerationId", "uniqueId", "status", "verdict", "reason",
            "durationMs", "evidence", "attachments", "browser"})
    record CheckResult(String checkId, String name, String requirementId, String considerationId, String uniqueId, String status,
                       Verdict verdict, String reason, long durationMs, List<Evidence> evidence,
                       List<String> attachments, @JsonInclude(JsonInclude.Include.NON_NULL) String browser) {

        boolean planned() {
            return "planned".equals(status);
        }
    }

    /** Every TEST node in plan order: the checks, and requirements' own nodes. */
    List<CheckResult> testNodes() {
        return considerations.stream().flatMap(c -> c.requirements().stream())
                .flatMap(r -> r.test() != null ? java.util.stream.Stream.of(r.test()) : r.checks().stream())
                .toList();
    }
}
