package org.hitcert.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index page over several candidates' reports: escaped, scrubbed, bound to the signed reports. */
class IndexWriterTest {

    @TempDir
    Path dir;

    private Path report(String folder, String name, String reason, boolean certified) throws Exception {
        Path r = Files.createDirectories(dir.resolve(folder));
        Files.writeString(r.resolve("report.json"), """
                {"schema":"hitcert-report/1",
                 "run":{"candidateName":"%s","flaws":[],"durationMs":1234,"complete":true},
                 "overall":{"certified":%s,"counts":{"PASS":1,"FAIL":%d},"planned":0,"blocking":[]},
                 "considerations":[{"id":"TSS-02","title":"Authorization","requirements":[
                   {"id":"AZ-PKCE-REQUIRED","title":"PKCE <b>required</b>","level":"required","status":"finished",
                    "verdict":"%s","reason":"%s","checks":[{"checkId":"authorize.pkce.required","verdict":"%s","reason":"%s"}]}]}]}
                """.formatted(name, certified, certified ? 0 : 1, certified ? "PASS" : "FAIL", reason, certified ? "PASS" : "FAIL",
                reason));
        Files.writeString(r.resolve("report.html"), "<html></html>");
        ReportSigner.sign(r, Optional.empty());
        return r;
    }

    @Test
    void whenReasonsHoldMarkupOrSecretsThenThePageEscapesAndScrubsThem() throws Exception {
        Path a = report("20250101-000000-ehr", "ehr", "ok", true);
        Path b = report("20250101-000000-ehr-2", "ehr", "token s3cr3t-value <script>alert(1)</script> was accepted", false);
        Path index = dir.resolve("20250101-000000-index");
        new IndexWriter(s -> s.replace("s3cr3t-value", "«secret»")).write(index, "tss-2015", Instant.EPOCH,
                Instant.EPOCH.plusSeconds(90), List.of(
                        new IndexWriter.Entry("ehr", "a.yaml", a, 0, "CERTIFIED", 2000, null),
                        new IndexWriter.Entry("ehr-2", "b.yaml", b, 1, "NOT CERTIFIED", 3000, null),
                        new IndexWriter.Entry("gone", "c.yaml", dir.resolve("missing"), 1, "CRASHED", 10, "the run broke: <boom>")));
        String html = Files.readString(index.resolve("index.html"));
        String json = Files.readString(index.resolve("index.json"));
        assertThat(html + json).doesNotContain("s3cr3t-value");
        assertThat(html).doesNotContain("<script>").doesNotContain("<boom>");
        assertThat(html).contains("&lt;script&gt;").contains("PKCE &lt;b&gt;required&lt;/b&gt;")
                .contains("href=\"../20250101-000000-ehr-2/report.html#r-TSS-02-AZ-PKCE-REQUIRED\"")
                .contains("the run broke: &lt;boom&gt;");
        assertThat(json).contains("\"differs\" : true").contains("\"verdict\" : \"NOT RUN\"")
                .contains(ReportSigner.sha256(Files.readAllBytes(b.resolve(ReportSigner.SIGNATURE_FILE))));

        ReportSigner.sign(index, Optional.empty());
        assertThat(ReportSigner.verify(index, Optional.empty()).valid()).isTrue();
        Files.writeString(a.resolve("report.html"), "<html>changed</html>");
        ReportSigner.Verification v = ReportSigner.verify(index, Optional.empty());
        assertThat(v.valid()).isFalse();
        assertThat(v.findings()).anyMatch(f -> f.startsWith("candidate ehr: report INVALID"));
    }

    /** Issue 22 item 3: each column links the candidate's diff against its last run in the same folder. */
    @Test
    void whenACandidateRanBeforeInTheFolderThenTheIndexLinksTheDiffSinceThatRun() throws Exception {
        report("20241231-235959-ehr", "ehr", "no code_challenge needed", false);
        Path now = report("20250101-000000-ehr", "ehr", "ok", true);
        Path sibling = report("20250101-000000-ehr-2", "ehr", "ok", true); // the same run: not a "last run"
        Path index = dir.resolve("20250101-000000-index");
        new IndexWriter(s -> s).write(index, "tss-2015", Instant.EPOCH, Instant.EPOCH.plusSeconds(9), List.of(
                new IndexWriter.Entry("ehr", "a.yaml", now, 0, "CERTIFIED", 2000, null),
                new IndexWriter.Entry("other", "b.yaml", report("20250101-000000-other", "other", "ok", true), 0, "CERTIFIED",
                        2000, null)));
        String html = Files.readString(index.resolve("index.html"));
        assertThat(html).contains("<a href=\"diff-ehr.txt\">0 new FAIL, 1 fixed, 0 other change(s) since 20241231-235959-ehr</a>")
                .contains("first run in this folder");
        assertThat(index.resolve("diff-ehr.txt")).content().contains("20241231-235959-ehr → 20250101-000000-ehr")
                .contains("authorize.pkce.required: FAIL → PASS");
        assertThat(SinceLastRun.previous(sibling, "ehr")).contains(dir.resolve("20241231-235959-ehr").toAbsolutePath());
    }
}
