package org.hitcert.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hitcert.model.Evidence;
import org.hitcert.model.Verdict;

/**
 * {@code report.html}: one self-contained page (inline CSS, screenshots as data: URIs) rendered from
 * {@code report.html.mustache}; Mustache escapes every value. The view is plain maps whose keys are distinct per
 * level ({@code reqId}, {@code checkName}), so a missing value never resolves to an outer one.
 */
final class HtmlReportWriter {

    static final String TEMPLATE = "org/hitcert/report/report.html.mustache";
    /** Screenshots above this size are linked, not embedded. */
    static final long EMBED_LIMIT = 8L * 1024 * 1024;

    private final Scrubber scrubber;
    private final ObjectMapper json = JsonReportWriter.mapper();

    HtmlReportWriter(Scrubber scrubber) {
        this.scrubber = scrubber;
    }

    void write(Report report, Path reportDir, Path file) throws IOException {
        Mustache template = new DefaultMustacheFactory().compile(TEMPLATE);
        StringWriter out = new StringWriter();
        template.execute(out, view(report, reportDir)).flush();
        Files.writeString(file, scrubber.apply(out.toString()), StandardCharsets.UTF_8);
    }

    Map<String, Object> view(Report report, Path reportDir) {
        Map<String, Object> v = new LinkedHashMap<>();
        Report.Run run = report.run();
        Report.Overall overall = report.overall();
        v.put("planTitle", run.planTitle());
        v.put("planId", run.planId());
        v.put("certified", overall.certified());
        v.put("overallText", overall.certified() ? "CERTIFIED" : overall.partial() && overall.blocking().isEmpty()
                ? "NOT CERTIFIED (partial run)" : "NOT CERTIFIED");
        v.put("scope", overall.scope());
        v.put("notAssessed", overall.notAssessed().stream().map(g -> Map.of("naReason", g.reason(),
                "naRequirements", String.join(", ", g.requirements()))).toList());
        v.put("hasNotAssessed", !overall.notAssessed().isEmpty());
        v.put("incomplete", !run.complete());
        List<Map<String, Object>> counts = new ArrayList<>();
        overall.counts().forEach((verdict, n) -> counts.add(Map.of("countVerdict", verdict.name(), "countN", n,
                "countClass", verdict.name())));
        v.put("counts", counts);
        v.put("planned", overall.planned());
        List<Map<String, Object>> facts = new ArrayList<>();
        fact(facts, "Candidate", run.candidateName());
        fact(facts, "Candidate file", run.candidateFile());
        if (!run.flaws().isEmpty()) {
            fact(facts, "Flaws switched on", String.join(", ", run.flaws()));
        }
        fact(facts, "Plan", run.planId() + " — " + run.planTitle());
        fact(facts, "Plan file", run.planFile());
        fact(facts, "Suite version", run.suiteVersion());
        fact(facts, "Started", run.started());
        fact(facts, "Finished", run.finished());
        fact(facts, "Duration", String.format(Locale.ROOT, "%.1f s", run.durationMs() / 1000.0));
        run.environment().forEach((k, val) -> fact(facts, k, val));
        v.put("facts", facts);
        v.put("matrices", report.browserMatrix().stream().map(HtmlReportWriter::matrix).toList());

        List<Map<String, Object>> considerations = new ArrayList<>();
        for (Report.ConsiderationResult c : report.considerations()) {
            Map<String, Object> cv = new LinkedHashMap<>();
            cv.put("conAnchor", "c-" + anchor(c.id()));
            cv.put("conId", c.id());
            cv.put("conTitle", c.title() == null ? "" : c.title());
            cv.put("conText", c.text());
            cv.put("conVerdict", label(c.verdict()));
            cv.put("conClass", cls(c.verdict()));
            List<Map<String, Object>> requirements = new ArrayList<>();
            for (Report.RequirementResult r : c.requirements()) {
                Map<String, Object> rv = requirement(c, r, reportDir);
                requirements.add(rv);
            }
            cv.put("requirements", requirements);
            considerations.add(cv);
        }
        whatToDo(v, WhatToDo.of(report));
        v.put("considerations", considerations);
        return v;
    }

    /** The top of the page: findings to fix, undecided requirements by what to do, attestations awaiting evidence. */
    private static void whatToDo(Map<String, Object> v, WhatToDo w) {
        v.put("hasTodo", !w.empty());
        v.put("todoFindings", w.findings().stream().map(f -> {
            Map<String, Object> fv = new LinkedHashMap<>();
            fv.put("tfAnchor", f.anchor());
            fv.put("tfId", f.id());
            fv.put("tfLevel", f.level());
            fv.put("tfVerdict", label(f.verdict()));
            fv.put("tfClass", cls(f.verdict()));
            fv.put("tfReason", f.reason());
            fv.put("tfExpected", f.expected());
            fv.put("tfSources", f.sources().stream().map(src -> Map.<String, Object>of("tfSrcId", src.id(),
                    "tfSrcUrl", src.url() == null ? "" : src.url(), "tfSrcLinked", src.url() != null)).toList());
            return fv;
        }).toList());
        v.put("hasTodoFindings", !w.findings().isEmpty());
        v.put("todoGroups", w.undecided().stream().map(g -> {
            List<Map<String, Object>> reqs = new ArrayList<>();
            for (int i = 0; i < g.ids().size(); i++) {
                reqs.add(Map.of("tgAnchor", g.anchors().get(i), "tgId", g.ids().get(i)));
            }
            return Map.<String, Object>of("tgTodo", g.todo(), "tgCount", g.ids().size(), "tgReqs", reqs);
        }).toList());
        v.put("hasTodoGroups", !w.undecided().isEmpty());
        v.put("todoAttestations", w.attestations().stream().map(a -> Map.of("taAnchor", a.anchor(), "taId", a.id(), "taEvidence",
                a.evidence()))
                .toList());
        v.put("hasTodoAttestations", !w.attestations().isEmpty());
    }

    /** One browser matrix: a header row of the flow's stages, then a row per browser and profile. */
    private static Map<String, Object> matrix(Report.BrowserMatrix m) {
        Map<String, Object> mv = new LinkedHashMap<>();
        mv.put("mxCheck", m.checkId());
        mv.put("mxRequirement", m.requirementId());
        mv.put("mxVerdict", label(m.verdict()));
        mv.put("mxClass", cls(m.verdict()));
        mv.put("mxColumns", m.columns().stream().map(c -> Map.of("mxColumn", c)).toList());
        mv.put("mxRows", m.rows().stream().map(row -> {
            Map<String, Object> rv = new LinkedHashMap<>();
            rv.put("mxBrowser", String.valueOf(row.get("browser")));
            rv.put("mxProfile", String.valueOf(row.get("profile")));
            rv.put("mxOutcome", String.valueOf(row.get("outcome")));
            rv.put("mxOutcomeClass", switch (String.valueOf(row.get("outcome"))) {
                case "COMPLETED" -> "PASS";
                case "FAILED" -> "FAIL";
                default -> "INCONCLUSIVE";
            });
            rv.put("mxCells", m.columns().stream().map(c -> Map.of("mxCell", String.valueOf(row.getOrDefault(c, "")))).toList());
            rv.put("mxDetail", String.valueOf(row.getOrDefault("detail", "")));
            return rv;
        }).toList());
        return mv;
    }

    private Map<String, Object> requirement(Report.ConsiderationResult c, Report.RequirementResult r, Path reportDir) {
        Map<String, Object> rv = new LinkedHashMap<>();
        boolean planned = "planned".equals(r.status());
        boolean attestation = "attestation".equals(r.kind());
        rv.put("reqAnchor", requirementAnchor(c.id(), r.id()));
        rv.put("reqId", r.id());
        rv.put("reqTitle", r.title());
        rv.put("reqLevel", r.level());
        rv.put("reqPlanned", planned);
        rv.put("reqAttestation", attestation && !planned && !java.util.Objects.equals(r.attestation(), r.reason()));
        rv.put("reqAttestationText", r.attestation() == null || r.attestation().isEmpty()
                ? "no evidence described" : r.attestation());
        rv.put("reqVerdict", planned ? "planned — not assessed"
                : r.verdict() == Verdict.ATTESTATION ? "awaiting evidence" : label(r.verdict()));
        rv.put("reqClass", planned ? "PLANNED" : cls(r.verdict()));
        rv.put("reqReason", r.reason() == null ? "" : r.reason());
        rv.put("reqBlocking", r.blocking());
        rv.put("sources", r.sources().stream().map(s -> {
            Map<String, Object> sv = new LinkedHashMap<>();
            sv.put("srcId", s.id());
            sv.put("srcUrl", s.url() == null ? "" : s.url());
            sv.put("srcLinked", s.url() != null);
            return sv;
        }).toList());
        List<Map<String, Object>> checks = new ArrayList<>();
        List<Report.CheckResult> cases = r.test() != null ? List.of(r.test()) : r.checks();
        for (Report.CheckResult t : cases) {
            // a requirement's own TEST node only gets a row of its own when it has evidence to show
            if (t.checkId() != null || !t.evidence().isEmpty() || !t.attachments().isEmpty()) {
                checks.add(check(t, reportDir));
            }
        }
        rv.put("checks", checks);
        return rv;
    }

    private Map<String, Object> check(Report.CheckResult t, Path reportDir) {
        Map<String, Object> tv = new LinkedHashMap<>();
        tv.put("checkName", t.checkId() == null ? "(requirement)" : t.name());
        tv.put("checkVerdict", t.verdict() == null ? "PLANNED" : t.verdict().name());
        tv.put("checkClass", t.verdict() == null ? "PLANNED" : t.verdict().name());
        tv.put("checkReason", t.reason() == null ? "" : t.reason());
        tv.put("checkBrowser", t.browser() == null ? "" : t.browser());
        tv.put("checkDuration", String.format(Locale.ROOT, "%.2f s", t.durationMs() / 1000.0));
        List<Map<String, Object>> evidence = new ArrayList<>();
        for (Evidence e : t.evidence()) {
            evidence.add(evidence(e, t.attachments(), reportDir));
        }
        java.util.Set<String> shown = new java.util.HashSet<>();
        evidence.forEach(ev -> ((List<?>) ev.get("shots")).forEach(s -> shown.add((String) ((Map<?, ?>) s).get("shotPath"))));
        List<Map<String, Object>> images = new ArrayList<>();
        List<Map<String, Object>> files = new ArrayList<>();
        for (String path : t.attachments()) {
            if (shown.contains(path)) {
                continue;
            }
            String type = mediaType(path);
            String data = type.startsWith("image/") ? dataUri(reportDir.resolve(path), type) : null;
            if (data != null) {
                images.add(Map.of("imgName", path, "imgData", data));
            } else {
                files.add(Map.of("fileName", path));
            }
        }
        tv.put("evidence", evidence);
        tv.put("images", images);
        tv.put("files", files);
        tv.put("hasEvidence", !evidence.isEmpty() || !images.isEmpty() || !files.isEmpty());
        tv.put("evidenceCount", evidence.size() + images.size() + files.size());
        return tv;
    }

    private Map<String, Object> evidence(Evidence e, List<String> attachments, Path reportDir) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("evKind", e.kind());
        ev.put("evTitle", e.title());
        List<Map<String, Object>> blocks = new ArrayList<>();
        List<Map<String, Object>> trail = new ArrayList<>();
        Map<String, Object> d = e.details();
        switch (e.kind()) {
            case "http" -> {
                if (d.get("request") instanceof Map<?, ?> req) {
                    block(blocks, "Request", str(req.get("method")) + " " + str(req.get("url")) + "\n"
                            + headers(req.get("headers")) + body(req.get("body")));
                }
                if (d.get("response") instanceof Map<?, ?> res) {
                    block(blocks, "Response" + (d.get("elapsedMs") == null ? "" : " (" + d.get("elapsedMs") + " ms)"),
                            "HTTP " + str(res.get("status")) + "\n" + headers(res.get("headers")) + body(res.get("body"))
                                    + (Boolean.TRUE.equals(res.get("truncated")) ? "\n… (truncated)" : ""));
                }
                if (d.get("error") != null) {
                    block(blocks, "No response", str(d.get("error")));
                }
            }
            case "browser" -> {
                if (d.get("url") != null) {
                    block(blocks, "URL", str(d.get("url")));
                }
                if (d.get("trail") instanceof List<?> urls) {
                    urls.forEach(u -> trail.add(Map.of("trailUrl", str(u))));
                }
                if (d.get("text") != null) {
                    block(blocks, "Page text", str(d.get("text")));
                }
            }
            case "token" -> block(blocks, "Decoded token", pretty(d));
            case "note" -> block(blocks, "Note", d.get("text") instanceof String s ? s : pretty(d));
            default -> block(blocks, "Details", pretty(d));
        }
        ev.put("blocks", blocks);
        ev.put("trail", trail);
        ev.put("hasTrail", !trail.isEmpty());
        List<Map<String, Object>> shots = new ArrayList<>();
        if (d.get("screenshot") instanceof String shot && !shot.isEmpty()) {
            attachments.stream().filter(a -> a.endsWith("-" + ReportListener.safe(shot))).findFirst().ifPresent(a -> {
                String data = dataUri(reportDir.resolve(a), mediaType(a));
                if (data != null) {
                    shots.add(Map.of("shotName", shot, "shotData", data, "shotPath", a));
                }
            });
        }
        ev.put("shots", shots);
        return ev;
    }

    private static void block(List<Map<String, Object>> blocks, String label, String text) {
        blocks.add(Map.of("blockLabel", label, "blockText", text));
    }

    private static void fact(List<Map<String, Object>> facts, String name, String value) {
        if (value != null && !value.isEmpty()) {
            facts.add(Map.of("factName", name, "factValue", value));
        }
    }

    private String headers(Object headers) {
        StringBuilder b = new StringBuilder();
        if (headers instanceof Map<?, ?> map) {
            map.forEach((k, val) -> {
                if (val instanceof List<?> list) {
                    list.forEach(x -> b.append(k).append(": ").append(str(x)).append('\n'));
                } else {
                    b.append(k).append(": ").append(str(val)).append('\n');
                }
            });
        } else if (headers instanceof List<?> list) {
            list.forEach(x -> b.append(x instanceof Map<?, ?> m && m.containsKey("name")
                    ? m.get("name") + ": " + str(m.get("value")) : str(x)).append('\n'));
        }
        return b.toString();
    }

    private String body(Object body) {
        if (body == null || "".equals(body)) {
            return "";
        }
        if (body instanceof String s) {
            String trimmed = s.strip();
            if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
                try {
                    return "\n" + json.writeValueAsString(json.readTree(trimmed));
                } catch (IOException notJson) {
                    return "\n" + s;
                }
            }
            return "\n" + s;
        }
        return "\n" + pretty(body);
    }

    private String pretty(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            return String.valueOf(value);
        }
    }

    private static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static String dataUri(Path file, String type) {
        try {
            if (Files.size(file) > EMBED_LIMIT) {
                return null;
            }
            return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            return null;
        }
    }

    static String mediaType(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".png")) {
            return "image/png";
        }
        if (p.endsWith(".jpg") || p.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (p.endsWith(".json")) {
            return "application/json";
        }
        if (p.endsWith(".txt") || p.endsWith(".log")) {
            return "text/plain";
        }
        if (p.endsWith(".html") || p.endsWith(".htm")) {
            return "text/html";
        }
        return "application/octet-stream";
    }

    private static String label(Verdict v) {
        return v == null ? "—" : v.name().replace('_', ' ');
    }

    private static String cls(Verdict v) {
        return v == null ? "NONE" : v.name();
    }

    /** The fragment of a requirement's row in report.html (the index page links to it). */
    static String requirementAnchor(String considerationId, String requirementId) {
        return "r-" + anchor(considerationId + "-" + requirementId);
    }

    private static String anchor(String s) {
        return s.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
