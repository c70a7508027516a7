package org.hitcert.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.model.Attachment;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Link;
import io.qameta.allure.model.Stage;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.TestResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.hitcert.model.Evidence;
import org.hitcert.model.Verdict;

/**
 * {@code allure-results/}: one Allure result per TEST node, written with Allure's own model and writer. Labels:
 * epic the plan, feature the consideration, story the requirement, tag its level. FAIL is failed, ERROR broken,
 * everything else skipped. Evidence goes in as JSON or text attachments, files (screenshots) as themselves.
 */
final class AllureReportWriter {

    private final Scrubber scrubber;
    private final ObjectMapper json = JsonReportWriter.mapper();

    AllureReportWriter(Scrubber scrubber) {
        this.scrubber = scrubber;
    }

    void write(Report report, Path reportDir, Path resultsDir) throws IOException {
        Files.createDirectories(resultsDir);
        FileSystemResultsWriter writer = new FileSystemResultsWriter(resultsDir);
        long start = Instant.parse(report.run().started()).toEpochMilli();
        for (Report.ConsiderationResult c : report.considerations()) {
            for (Report.RequirementResult r : c.requirements()) {
                List<Report.CheckResult> cases = r.test() != null ? List.of(r.test()) : r.checks();
                for (Report.CheckResult t : cases) {
                    writer.write(result(report, c, r, t, writer, reportDir, start));
                }
            }
        }
        java.util.Properties env = new java.util.Properties();
        env.setProperty("hitcert.suiteVersion", report.run().suiteVersion());
        env.setProperty("plan", report.run().planId() + " (" + report.run().planFile() + ")");
        env.setProperty("candidate", report.run().candidateName() + " (" + report.run().candidateFile() + ")");
        env.setProperty("flaws", String.join(",", report.run().flaws()));
        env.setProperty("certified", String.valueOf(report.overall().certified()));
        env.setProperty("scope", report.overall().scope());
        report.run().environment().forEach((k, v) -> env.setProperty(k, v == null ? "" : v));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        env.store(bytes, null);
        // Properties.store escapes to ASCII; drop its date comment so runs compare
        String text = bytes.toString(StandardCharsets.ISO_8859_1).lines().filter(l -> !l.startsWith("#"))
                .sorted().collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        Files.writeString(resultsDir.resolve("environment.properties"), scrubber.apply(text), StandardCharsets.ISO_8859_1);
    }

    private TestResult result(Report report, Report.ConsiderationResult c, Report.RequirementResult r,
                              Report.CheckResult t, FileSystemResultsWriter writer, Path reportDir, long start)
            throws IOException {
        String uuid = UUID.randomUUID().toString();
        String stableId = md5(t.uniqueId());
        List<Label> labels = new ArrayList<>(List.of(
                label("epic", report.run().planTitle()),
                label("feature", c.id() + " " + (c.title() == null ? "" : c.title())),
                label("story", r.id()),
                label("tag", r.level()),
                label("suite", c.id()),
                label("subSuite", r.id()),
                label("framework", "hitcert")));
        if (r.kind().equals("attestation")) {
            labels.add(label("tag", "attestation"));
        }
        List<Link> links = r.sources().stream().filter(s -> s.url() != null)
                .map(s -> new Link().setName(s.id()).setUrl(s.url()).setType("link")).toList();
        List<Attachment> attachments = new ArrayList<>();
        int n = 0;
        for (Evidence e : t.evidence()) {
            n++;
            boolean note = e.kind().equals("note") && e.details().get("text") instanceof String;
            String body = note ? (String) e.details().get("text") : json.writeValueAsString(e);
            String source = uuid + "-" + n + "-attachment." + (note ? "txt" : "json");
            writer.write(source, new ByteArrayInputStream(scrubber.apply(body).getBytes(StandardCharsets.UTF_8)));
            attachments.add(new Attachment().setName(scrubber.apply(e.kind() + ": " + e.title()))
                    .setType(note ? "text/plain" : "application/json").setSource(source));
        }
        for (String path : t.attachments()) {
            n++;
            Path file = reportDir.resolve(path);
            String ext = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : "bin";
            String source = uuid + "-" + n + "-attachment." + ReportListener.safe(ext);
            try (InputStream in = Files.newInputStream(file)) {
                writer.write(source, in);
            }
            attachments.add(new Attachment().setName(file.getFileName().toString())
                    .setType(HtmlReportWriter.mediaType(path)).setSource(source));
        }
        String reason = t.reason() == null ? "" : t.reason();
        return new TestResult()
                .setUuid(uuid)
                .setHistoryId(stableId)
                .setTestCaseId(stableId)
                .setFullName(t.uniqueId())
                .setName(t.name())
                .setDescription(scrubber.apply(r.title() + (r.attestation() != null && !r.attestation().isEmpty()
                        ? "\n\nEvidence to attach: " + r.attestation() : "")))
                .setLabels(labels)
                .setLinks(new ArrayList<>(links))
                .setStatus(status(t.verdict()))
                .setStatusDetails(new StatusDetails().setMessage(
                        (t.verdict() == null ? "PLANNED" : t.verdict().name()) + ": " + reason))
                .setStage(Stage.FINISHED)
                .setAttachments(attachments)
                .setStart(start)
                .setStop(start + t.durationMs());
    }

    private static Status status(Verdict v) {
        if (v == Verdict.PASS) {
            return Status.PASSED;
        }
        if (v == Verdict.FAIL) {
            return Status.FAILED;
        }
        return v == Verdict.ERROR ? Status.BROKEN : Status.SKIPPED;
    }

    private static Label label(String name, String value) {
        return new Label().setName(name).setValue(value == null ? "" : value);
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
