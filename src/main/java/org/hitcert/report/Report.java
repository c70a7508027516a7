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

    /**
     * @param notAssessed     requirements that stayed INCONCLUSIVE for a gap in the candidate file, grouped by what to
     *                        add to it (a "not assessed" reason each)
     * @param requiredAssessed the plan's required requirements this run assessed: in its scope (not left out by
     *                        {@code --only}), every check of theirs run, none skipped or not assessed
     * @param requiredInPlan  the plan's required requirements (planned ones, which no check decides yet, aside)
     * @param partial         whether {@code requiredAssessed < requiredInPlan}: such a run is never certified
     */
    @JsonPropertyOrder({"certified", "partial", "scope", "counts", "planned", "blocking", "requiredAssessed",
            "requiredInPlan", "notAssessed"})
    record Overall(boolean certified, Map<Verdict, Integer> counts, int planned, List<String> blocking,
                   List<NotAssessed> notAssessed, int requiredAssessed, int requiredInPlan) {

        /** Whether the run left required requirements unassessed; a partial run is never certified. */
        @com.fasterxml.jackson.annotation.JsonProperty("partial")
        public boolean partial() {
            return requiredAssessed < requiredInPlan;
        }

        /** "partial run: N of M required requirements assessed", or "all M required requirements assessed". */
        @com.fasterxml.jackson.annotation.JsonProperty("scope")
        public String scope() {
            return partial() ? "partial run: " + requiredAssessed + " of " + requiredInPlan
                    + " required requirements assessed" : "all " + requiredInPlan + " required requirements assessed";
        }
    }

    /** What the candidate file lacks and what to add ({@code reason}), and the requirements not assessed for it. */
    @JsonPropertyOrder({"reason", "requirements"})
    record NotAssessed(String reason, List<String> requirements) {
    }

    @JsonPropertyOrder({"id", "title", "text", "verdict", "requirements"})
    record ConsiderationResult(String id, String title, String text, Verdict verdict,
                               List<RequirementResult> requirements) {
    }

    /**
     * @param attestation for attestation requirements: the evidence a human must attach
     * @param test        for a requirement without checks: its own TEST node's result (null otherwise)
     */
    /** @param notAssessed INCONCLUSIVE for a gap in the candidate file (its reason says what to add) */
    @JsonPropertyOrder({"id", "title", "level", "sources", "kind", "status", "verdict", "reason", "blocking",
            "notAssessed", "attestation", "test", "checks"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RequirementResult(String id, String title, String level, List<SourceLink> sources, String kind,
                             String status, Verdict verdict, String reason, boolean blocking,
                             @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean notAssessed, String attestation,
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
