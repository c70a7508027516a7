package org.hitcert.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The index of an invocation that certified several candidates: {@code index.json} and {@code index.html}, one
 * column per candidate, one row per requirement (grouped by consideration), each cell the requirement's verdict
 * linked to that candidate's {@code report.html}, and per candidate the overall outcome and run time.
 *
 * <p>Built only from the candidates' {@code report.json} files, which hold verdicts and reasons already scrubbed of
 * secrets; everything passes {@code scrub} once more, and Mustache escapes every value in the page. {@code index.json}
 * records the SHA-256 of each candidate's {@code report.json.jws}, so that the index, signed in turn, vouches for
 * exactly the reports it links to.
 */
public final class IndexWriter {

    public static final String INDEX_JSON = "index.json";
    public static final String INDEX_HTML = "index.html";
    static final String SCHEMA = "hitcert-index/1";
    static final String TEMPLATE = "org/hitcert/report/index.html.mustache";

    /**
     * One candidate of the invocation, as the CLI knows it.
     *
     * @param label     the candidate's column name: its name, made unique within the invocation
     * @param reportDir its report folder (may lack report.json when the run broke before writing it)
     * @param outcome   CERTIFIED, NOT CERTIFIED, UNREACHABLE or CRASHED
     * @param wallMs    the candidate's wall time in this invocation, start-up included
     * @param problem   why its run broke, or null
     */
    public record Entry(String label, String candidateFile, Path reportDir, int exitCode, String outcome, long wallMs,
                        String problem) {
        public Entry {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(reportDir, "reportDir");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    private final UnaryOperator<String> scrub;
    private final ObjectMapper json = JsonReportWriter.mapper();

    public IndexWriter(UnaryOperator<String> scrub) {
        this.scrub = Objects.requireNonNull(scrub, "scrub");
    }

    /** Writes {@code index.json} and {@code index.html} into {@code indexDir} (created when missing). */
    public void write(Path indexDir, String planId, Instant started, Instant finished, List<Entry> entries) throws IOException {
        Map<String, Object> index = index(indexDir, planId, started, finished, entries);
        Files.createDirectories(indexDir);
        Files.writeString(indexDir.resolve(INDEX_JSON), scrub.apply(json.writeValueAsString(index)) + "\n", StandardCharsets.UTF_8);
        Mustache template = new DefaultMustacheFactory().compile(TEMPLATE);
        StringWriter out = new StringWriter();
        template.execute(out, view(index)).flush();
        Files.writeString(indexDir.resolve(INDEX_HTML), scrub.apply(out.toString()), StandardCharsets.UTF_8);
    }

    /** The candidate's changes since its last run in the same folder, written beside the index; null on a first run. */
    private Map<String, Object> sinceLastRun(Path indexDir, Entry e, JsonNode report) {
        try {
            String name = report.path("run").path("candidateName").asText(e.label());
            return SinceLastRun.write(indexDir, e.label(), e.reportDir(), report, name, scrub).map(w -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("previous", w.previous());
                m.put("file", w.file());
                m.put("newFailures", w.newFailures());
                m.put("fixed", w.fixed());
                m.put("otherChanges", w.other());
                m.put("summary", w.summary());
                return m;
            }).orElse(null);
        } catch (IOException ex) {
            return Map.of("summary", "no diff: " + ex.getMessage());
        }
    }

    /** The content of {@code index.json}: candidates, then requirements with each candidate's verdict. */
    Map<String, Object> index(Path indexDir, String planId, Instant started, Instant finished, List<Entry> entries) {
        List<Map<String, Object>> candidates = new ArrayList<>();
        Map<String, Requirement> rows = new LinkedHashMap<>();
        for (Entry e : entries) {
            Optional<JsonNode> report = read(e.reportDir().resolve("report.json"));
            String link = relative(indexDir, e.reportDir()) + "/report.html";
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("label", e.label());
            c.put("candidateName", report.map(r -> r.path("run").path("candidateName").asText(e.label())).orElse(e.label()));
            c.put("candidateFile", e.candidateFile() == null ? "" : e.candidateFile());
            c.put("flaws", report.map(r -> texts(r.path("run").path("flaws"))).orElse(List.of()));
            c.put("outcome", e.outcome());
            c.put("exitCode", e.exitCode());
            c.put("certified", report.map(r -> r.path("overall").path("certified").asBoolean(false)).orElse(false));
            c.put("report", report.isPresent() ? link : null);
            c.put("reportSignatureSha256", sha256(e.reportDir().resolve(ReportSigner.SIGNATURE_FILE)));
            c.put("wallMs", e.wallMs());
            c.put("runMs", report.map(r -> r.path("run").path("durationMs").asLong()).orElse(null));
            Map<String, Integer> counts = new LinkedHashMap<>();
            report.ifPresent(r -> r.path("overall").path("counts").fields()
                    .forEachRemaining(f -> counts.put(f.getKey(), f.getValue().asInt())));
            c.put("counts", counts);
            c.put("blocking", report.map(r -> texts(r.path("overall").path("blocking"))).orElse(List.of()));
            c.put("problem", e.problem() != null ? e.problem() : report.isEmpty() ? "no report.json was written" : null);
            c.put("sinceLastRun", report.isEmpty() ? null : sinceLastRun(indexDir, e, report.get()));
            candidates.add(c);
            report.ifPresent(r -> r.path("considerations").forEach(con -> con.path("requirements").forEach(req -> {
                String key = con.path("id").asText() + "/" + req.path("id").asText();
                Requirement row = rows.computeIfAbsent(key, k -> new Requirement(con.path("id").asText(),
                        con.path("title").asText(""), req.path("id").asText(), req.path("title").asText(""),
                        req.path("level").asText("")));
                boolean planned = "planned".equals(req.path("status").asText());
                String verdict = planned ? "PLANNED" : req.path("verdict").asText("NONE");
                String reason = "PASS".equals(verdict) ? "" : req.path("reason").asText("");
                row.cells.put(e.label(), new Cell(verdict, reason,
                        link + "#" + HtmlReportWriter.requirementAnchor(row.consideration, row.id)));
            })));
        }
        List<Map<String, Object>> requirements = new ArrayList<>();
        for (Requirement row : rows.values()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("consideration", row.consideration);
            r.put("considerationTitle", row.considerationTitle);
            r.put("id", row.id);
            r.put("title", row.title);
            r.put("level", row.level);
            Map<String, Object> verdicts = new LinkedHashMap<>();
            Set<String> distinct = new LinkedHashSet<>();
            for (Entry e : entries) {
                Cell cell = row.cells.get(e.label());
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("verdict", cell == null ? "NOT RUN" : cell.verdict);
                if (cell != null && !cell.reason.isEmpty()) {
                    v.put("reason", cell.reason);
                }
                if (cell != null) {
                    v.put("link", cell.link);
                }
                distinct.add(cell == null ? "NOT RUN" : cell.verdict);
                verdicts.put(e.label(), v);
            }
            r.put("differs", distinct.size() > 1);
            r.put("verdicts", verdicts);
            requirements.add(r);
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schema", SCHEMA);
        index.put("planId", planId);
        index.put("started", started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        index.put("finished", finished.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        index.put("durationMs", java.time.Duration.between(started, finished).toMillis());
        index.put("candidates", candidates);
        index.put("requirements", requirements);
        return index;
    }

    /**
     * For {@link ReportSigner#verify}: each report the index in {@code indexDir} links to still carries the
     * {@code report.json.jws} the index recorded, and verifies. Adds a finding per report; false when one does not hold.
     */
    static boolean verifyLinkedReports(Path indexDir, Optional<com.nimbusds.jose.jwk.JWK> trusted, List<String> findings)
            throws IOException {
        JsonNode index = JsonReportWriter.mapper().readTree(indexDir.resolve(INDEX_JSON).toFile());
        boolean valid = true;
        for (JsonNode c : index.path("candidates")) {
            String label = c.path("label").asText("?");
            String recorded = c.path("reportSignatureSha256").asText("");
            if (!c.hasNonNull("report") || recorded.isEmpty()) {
                findings.add("candidate " + label + ": no signed report to check (" + c.path("outcome").asText() + ")");
                continue;
            }
            Path reportDir = indexDir.resolve(c.path("report").asText()).normalize().getParent();
            Path signature = reportDir.resolve(ReportSigner.SIGNATURE_FILE);
            if (!Files.isRegularFile(signature)) {
                valid = false;
                findings.add("candidate " + label + ": " + signature + " is missing");
            } else if (!recorded.equals(sha256(signature))) {
                valid = false;
                findings.add("candidate " + label + ": " + signature + " is not the signature the index recorded");
            } else {
                ReportSigner.Verification v = ReportSigner.verify(reportDir, trusted);
                valid &= v.valid();
                findings.add("candidate " + label + ": report " + (v.valid() ? "valid" : "INVALID: " + v.findings()));
            }
        }
        return valid;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> view(Map<String, Object> index) {
        List<Map<String, Object>> candidates = (List<Map<String, Object>>) index.get("candidates");
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("planId", index.get("planId"));
        v.put("started", index.get("started"));
        v.put("duration", seconds(((Number) index.get("durationMs")).longValue()));
        List<Map<String, Object>> columns = new ArrayList<>();
        for (Map<String, Object> c : candidates) {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("colLabel", c.get("label"));
            col.put("colFile", c.get("candidateFile"));
            col.put("colFlaws", String.join(", ", (List<String>) c.get("flaws")));
            col.put("colHasFlaws", !((List<?>) c.get("flaws")).isEmpty());
            col.put("colOutcome", c.get("outcome"));
            col.put("colClass", "CERTIFIED".equals(c.get("outcome")) ? "PASS" : "FAIL");
            col.put("colReport", c.get("report") == null ? "" : c.get("report"));
            col.put("colHasReport", c.get("report") != null);
            col.put("colWall", seconds((Long) c.get("wallMs")));
            col.put("colCounts", ((Map<String, Integer>) c.get("counts")).entrySet().stream().filter(x -> x.getValue() > 0)
                    .map(x -> x.getKey() + " " + x.getValue()).reduce((a, b) -> a + ", " + b).orElse(""));
            col.put("colProblem", c.get("problem") == null ? "" : c.get("problem"));
            Map<String, Object> since = (Map<String, Object>) c.get("sinceLastRun");
            col.put("colSince", since == null ? "first run in this folder" : since.get("summary"));
            col.put("colSinceFile", since == null || since.get("file") == null ? "" : since.get("file"));
            col.put("colSinceLinked", since != null && since.get("file") != null);
            columns.add(col);
        }
        v.put("columns", columns);
        v.put("candidateCount", columns.size());
        v.put("columnCount", columns.size() + 2);
        List<Map<String, Object>> groups = new ArrayList<>();
        Map<String, Map<String, Object>> byConsideration = new LinkedHashMap<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) index.get("requirements")) {
            Map<String, Object> group = byConsideration.computeIfAbsent((String) r.get("consideration"), id -> {
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("conId", id);
                g.put("conTitle", r.get("considerationTitle"));
                g.put("rows", new ArrayList<Map<String, Object>>());
                groups.add(g);
                return g;
            });
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("reqId", r.get("id"));
            row.put("reqTitle", r.get("title"));
            row.put("reqLevel", r.get("level"));
            row.put("reqDiffers", r.get("differs"));
            List<Map<String, Object>> cells = new ArrayList<>();
            ((Map<String, Map<String, Object>>) r.get("verdicts")).values().forEach(cell -> {
                Map<String, Object> cv = new LinkedHashMap<>();
                String verdict = (String) cell.get("verdict");
                cv.put("cellVerdict", verdict.replace('_', ' '));
                cv.put("cellClass", verdict.replaceAll("[^A-Z_]", "_"));
                cv.put("cellReason", cell.getOrDefault("reason", ""));
                cv.put("cellLink", cell.getOrDefault("link", ""));
                cv.put("cellLinked", cell.containsKey("link"));
                cells.add(cv);
            });
            row.put("cells", cells);
            ((List<Map<String, Object>>) group.get("rows")).add(row);
        }
        v.put("groups", groups);
        return v;
    }

    private static final class Requirement {
        final String consideration;
        final String considerationTitle;
        final String id;
        final String title;
        final String level;
        final Map<String, Cell> cells = new LinkedHashMap<>();

        Requirement(String consideration, String considerationTitle, String id, String title, String level) {
            this.consideration = consideration;
            this.considerationTitle = considerationTitle;
            this.id = id;
            this.title = title;
            this.level = level;
        }
    }

    private record Cell(String verdict, String reason, String link) {
    }

    private Optional<JsonNode> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(json.readTree(file.toFile())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String sha256(Path file) {
        try {
            return Files.isRegularFile(file) ? ReportSigner.sha256(Files.readAllBytes(file)) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String relative(Path from, Path to) {
        Path rel = from.toAbsolutePath().normalize().relativize(to.toAbsolutePath().normalize());
        return rel.toString().replace('\\', '/');
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
