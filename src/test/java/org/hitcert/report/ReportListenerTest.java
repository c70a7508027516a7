package org.hitcert.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.hitcert.checks.CheckFailure;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.model.CheckBinding;
import org.hitcert.model.Consideration;
import org.hitcert.model.Level;
import org.hitcert.model.Location;
import org.hitcert.model.Params;
import org.hitcert.model.Plan;
import org.hitcert.model.Requirement;
import org.hitcert.model.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ReportListenerTest {

    static final String SECRET = "s3cr3t-TOKEN-value";
    static final String MASK = "[REDACTED]";
    static final Location HERE = Location.builtIn("test");
    /** A 1x1 PNG. */
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    @TempDir
    static Path work;
    static Path reportDir;
    static String console;
    static RunSummary summary;
    static JsonNode json;

    static Requirement req(String id, Level level, List<String> sources, String... checks) {
        return new Requirement(id, id + " title", level, sources, Requirement.Kind.AUTOMATED, Requirement.Status.ACTIVE,
                Stream.of(checks).map(c -> new CheckBinding(c, Params.NONE, HERE)).toList(), "", HERE);
    }

    static Plan plan() {
        return new Plan("tss-test", "Test plan", "TSS-2015", List.of(
                new Consideration("TSS-01", "Discovery", "Publish metadata.", List.of(
                        req("DS-OIDC", Level.REQUIRED, List.of("OIDC-DISCOVERY-4.3", "RFC8414-3"),
                                "discovery.oidc.consistent", "discovery.jwks.reachable"),
                        req("DS-OPT", Level.OPTIONAL, List.of("RFC8414-2"), "discovery.optional.feature")), HERE),
                new Consideration("TSS-06", "Redirects", "Use declared redirect URIs.", List.of(
                        req("AZ-REDIRECT-EXACT", Level.REQUIRED, List.of("RFC6749-3.1.2.2", "RFC9700-4.1.3"),
                                "authorize.redirect-uri.exact-match", "authorize.redirect-uri.exact-match"),
                        req("AZ-STATE", Level.RECOMMENDED, List.of("RFC6749-10.12"), "authorize.state.echo")), HERE),
                new Consideration("TSS-07", "Tokens", "Tokens are short-lived.", List.of(
                        req("TK-ERR", Level.REQUIRED, List.of("RFC6749-5.2"), "token.error.shape"),
                        new Requirement("TK-PLANNED", "planned one", Level.REQUIRED, List.of("RFC6749-10.4"),
                                Requirement.Kind.AUTOMATED, Requirement.Status.PLANNED, List.of(), "", HERE),
                        new Requirement("TK-ATTEST", "attested one", Level.REQUIRED, List.of("RFC6819-5.1.4.1.3"),
                                Requirement.Kind.ATTESTATION, Requirement.Status.ACTIVE, List.of(),
                                "a signed penetration-test report", HERE)), HERE),
                new Consideration("TSS-09", "Bearer", "Send tokens in headers.", List.of(
                        req("BR-1", Level.REQUIRED, List.of("RFC6750-2.1"), "bearer.header.only",
                                "bearer.query.rejected")), HERE)), HERE);
    }

    static ScriptedEngine engine(Plan plan, Path shot) {
        return new ScriptedEngine(plan)
                .onPlan((l, d) -> {
                    l.reportingEntryPublished(d, ReportEntry.from(Map.of(
                            "hitcert.environment.browser", "Chromium 156.0",
                            "hitcert.environment.issuer", "https://as.example/?key=" + SECRET)));
                    return TestExecutionResult.successful();
                })
                .script("TSS-01/DS-OIDC/discovery.oidc.consistent", (l, d) -> {
                    l.reportingEntryPublished(d, ReportEntry.from("hitcert.reason", "issuer matches its URL"));
                    l.reportingEntryPublished(d, ReportEntry.from("hitcert.evidence", """
                            {"kind":"http","title":"GET discovery","details":{
                              "request":{"method":"GET","url":"https://as.example/.well-known/openid-configuration",
                                         "headers":{"Authorization":"Bearer %s"},"body":""},
                              "response":{"status":200,"headers":{"Content-Type":"application/json"},
                                          "body":"{\\"issuer\\":\\"https://as.example\\"}","truncated":false},
                              "elapsedMs":12}}""".formatted(SECRET)));
                    return TestExecutionResult.successful();
                })
                .script("TSS-01/DS-OPT/discovery.optional.feature", (l, d) ->
                        TestExecutionResult.aborted(new NotApplicable("metadata lists no such feature")))
                .script("TSS-06/AZ-REDIRECT-EXACT/authorize.redirect-uri.exact-match", (l, d) -> {
                    l.reportingEntryPublished(d, ReportEntry.from("hitcert.evidence", """
                            {"kind":"browser","title":"authorize with appended path","details":{
                              "url":"https://client.example/cb/evil","trail":["https://as.example/authorize","https://client.example/cb/evil"],
                              "screenshot":"shot.png","text":"Welcome"}}"""));
                    l.reportingEntryPublished(d, ReportEntry.from("hitcert.evidence", """
                            {"kind":"token","title":"id_token","details":{"header":{"alg":"RS256"},"claims":{"sub":"alice"},"signature":"sha256:ab12"}}"""));
                    l.fileEntryPublished(d, FileEntry.from(shot, "image/png"));
                    return TestExecutionResult.failed(new CheckFailure(
                            "redirected to https://client.example/cb/evil <script>alert(1)</script> with code " + SECRET
                                    + "; expected an error page"));
                })
                .script("TSS-06/AZ-STATE/authorize.state.echo", (l, d) ->
                        TestExecutionResult.aborted(new Inconclusive("no consent screen automation")))
                .script("TSS-07/TK-ERR/token.error.shape", (l, d) -> {
                    l.reportingEntryPublished(d, ReportEntry.from("hitcert.evidence", "{not json " + SECRET));
                    throw new IllegalStateException("token endpoint returned garbage");
                })
                .script("TSS-09", (l, d) ->
                        TestExecutionResult.failed(new RuntimeException("candidate unreachable: connection refused")));
    }

    static RunInfo runInfo() {
        return new RunInfo("0.1.0-test", "test-plans/tss-test.yaml", "tss-test", "reference",
                "fixtures/reference.yaml", List.of("REDIRECT_PREFIX_MATCH"), Instant.parse("2026-01-02T03:04:05Z"));
    }

    /** Every instant 10 ms after the previous: durations are deterministic. */
    static final class TickingClock extends Clock {
        private Instant now = Instant.parse("2026-01-02T03:04:05Z");

        @Override
        public synchronized Instant instant() {
            now = now.plus(Duration.ofMillis(10));
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static RunSummary run(Plan plan, ScriptedEngine engine, Path dir, ByteArrayOutputStream out) {
        ReportListener listener = new ReportListener(plan, runInfo(), dir, new TickingClock(),
                new PrintStream(out, true, StandardCharsets.UTF_8), s -> s.replace(SECRET, MASK));
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestEngineAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .addTestEngines(engine)
                .addTestExecutionListeners(listener)
                .build());
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectUniqueId("[engine:hitcert]")).build());
        return listener.summary();
    }

    @BeforeAll
    static void runOnce() throws IOException {
        Path shot = Files.write(work.resolve("shot.png"), PNG);
        reportDir = work.resolve("report");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        summary = run(plan(), engine(plan(), shot), reportDir, out);
        console = out.toString(StandardCharsets.UTF_8);
        json = new ObjectMapper().readTree(reportDir.resolve("report.json").toFile());
    }

    static JsonNode requirement(String considerationId, String requirementId) {
        for (JsonNode c : json.get("considerations")) {
            for (JsonNode r : c.get("requirements")) {
                if (c.get("id").asText().equals(considerationId) && r.get("id").asText().equals(requirementId)) {
                    return r;
                }
            }
        }
        throw new AssertionError("no requirement " + considerationId + "/" + requirementId);
    }

    @Test
    void whenRunEndsThenSummaryCountsVerdictsAndBlockingRequirements() {
        assertThat(summary.certified()).isFalse();
        assertThat(summary.counts()).containsEntry(Verdict.PASS, 3).containsEntry(Verdict.FAIL, 1)
                .containsEntry(Verdict.ERROR, 3).containsEntry(Verdict.INCONCLUSIVE, 1)
                .containsEntry(Verdict.NOT_APPLICABLE, 1).containsEntry(Verdict.ATTESTATION, 1);
        assertThat(summary.planned()).isEqualTo(1);
        assertThat(summary.blocking()).isEqualTo(3);
        assertThat(summary.blockingRequirements())
                .containsExactly("TSS-06/AZ-REDIRECT-EXACT", "TSS-07/TK-ERR", "TSS-09/BR-1");
        assertThat(summary.reportDir()).isEqualTo(reportDir);
    }

    @Test
    void whenRunEndsThenReportJsonCarriesRunOverallAndRequirements() {
        assertThat(json.get("schema").asText()).isEqualTo("hitcert-report/1");
        assertThat(json.fieldNames()).toIterable().containsExactly("schema", "run", "overall", "considerations");
        JsonNode run = json.get("run");
        assertThat(run.get("planId").asText()).isEqualTo("tss-test");
        assertThat(run.get("candidateName").asText()).isEqualTo("reference");
        assertThat(run.get("flaws").get(0).asText()).isEqualTo("REDIRECT_PREFIX_MATCH");
        assertThat(run.get("complete").asBoolean()).isTrue();
        assertThat(run.get("environment").get("browser").asText()).isEqualTo("Chromium 156.0");
        assertThat(run.get("environment").get("issuer").asText()).isEqualTo("https://as.example/?key=" + MASK);
        JsonNode overall = json.get("overall");
        assertThat(overall.get("certified").asBoolean()).isFalse();
        assertThat(overall.get("counts").get("PASS").asInt()).isEqualTo(3);
        assertThat(overall.get("planned").asInt()).isEqualTo(1);
        assertThat(overall.get("blocking")).extracting(JsonNode::asText)
                .containsExactly("TSS-06/AZ-REDIRECT-EXACT", "TSS-07/TK-ERR", "TSS-09/BR-1");

        JsonNode oidc = requirement("TSS-01", "DS-OIDC");
        assertThat(oidc.get("verdict").asText()).isEqualTo("PASS");
        assertThat(oidc.get("level").asText()).isEqualTo("required");
        assertThat(oidc.get("sources").get(1).get("url").asText())
                .isEqualTo("https://www.rfc-editor.org/rfc/rfc8414.html#section-3");
        JsonNode consistent = oidc.get("checks").get(0);
        assertThat(consistent.get("checkId").asText()).isEqualTo("discovery.oidc.consistent");
        assertThat(consistent.get("reason").asText()).isEqualTo("issuer matches its URL");
        assertThat(consistent.get("durationMs").asLong()).isEqualTo(10);
        assertThat(consistent.get("evidence").get(0).get("kind").asText()).isEqualTo("http");

        JsonNode exact = requirement("TSS-06", "AZ-REDIRECT-EXACT");
        assertThat(exact.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(exact.get("blocking").asBoolean()).isTrue();
        assertThat(exact.get("checks")).extracting(c -> c.get("name").asText())
                .containsExactly("authorize.redirect-uri.exact-match", "authorize.redirect-uri.exact-match#2");
        assertThat(exact.get("checks").get(1).get("verdict").asText()).isEqualTo("PASS");
        assertThat(exact.get("checks").get(0).get("attachments").get(0).asText()).startsWith("evidence/").endsWith(".png");

        assertThat(requirement("TSS-06", "AZ-STATE").get("blocking").asBoolean()).isFalse();
        assertThat(requirement("TSS-07", "TK-PLANNED").get("status").asText()).isEqualTo("planned");
        assertThat(requirement("TSS-07", "TK-PLANNED").has("verdict")).isFalse();
        JsonNode attest = requirement("TSS-07", "TK-ATTEST");
        assertThat(attest.get("verdict").asText()).isEqualTo("ATTESTATION");
        assertThat(attest.get("attestation").asText()).isEqualTo("a signed penetration-test report");
        JsonNode err = requirement("TSS-07", "TK-ERR").get("checks").get(0);
        assertThat(err.get("verdict").asText()).isEqualTo("ERROR");
        assertThat(err.get("reason").asText()).contains("IllegalStateException", "garbage");
        assertThat(err.get("evidence").get(0).get("title").asText()).isEqualTo("malformed evidence");
        JsonNode bearer = requirement("TSS-09", "BR-1");
        assertThat(bearer.get("checks")).allSatisfy(c -> {
            assertThat(c.get("verdict").asText()).isEqualTo("ERROR");
            assertThat(c.get("reason").asText()).contains("candidate unreachable");
        });
    }

    @Test
    void whenScreenshotPublishedThenCopiedAndEmbedded() throws IOException {
        String path = requirement("TSS-06", "AZ-REDIRECT-EXACT").get("checks").get(0).get("attachments").get(0).asText();
        assertThat(reportDir.resolve(path)).hasBinaryContent(PNG);
        assertThat(Files.readString(reportDir.resolve("report.html")))
                .contains("src=\"data:image/png;base64,"
                        + Base64.getEncoder().encodeToString(PNG).replace("=", "&#61;") + "\""); // an entity in an attribute is the same character
    }

    @Test
    void whenReasonHoldsMarkupThenHtmlEscapesIt() throws IOException {
        String html = Files.readString(reportDir.resolve("report.html"));
        assertThat(html).contains("NOT CERTIFIED", "PASS", "FAIL", "INCONCLUSIVE", "awaiting evidence",
                "planned — not assessed", "a signed penetration-test report", "href=\"#r-TSS-06-AZ-REDIRECT-EXACT\"",
                "id=\"r-TSS-06-AZ-REDIRECT-EXACT\"", "https://client.example/cb/evil", "<details>", "Chromium 156.0");
        assertThat(html).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).doesNotContain("http://", "src=\"https:", "href=\"//");
    }

    /** Issue 19 item 5: the page opens with what to do: findings by level, undecided ones by cause, attestations. */
    @Test
    void whenTheReportOpensThenWhatToDoListsFindingsUndecidedByCauseAndAttestations() throws IOException {
        String html = Files.readString(reportDir.resolve("report.html"));
        String top = html.substring(html.indexOf("id=\"what-to-do\""), html.indexOf("<h2>Run</h2>"));
        String findings = top.substring(top.indexOf("Findings to fix"), top.indexOf("Undecided (INCONCLUSIVE)"));
        assertThat(findings).contains("TSS-06 AZ-REDIRECT-EXACT", "AZ-REDIRECT-EXACT title", "RFC6749-3.1.2.2", "TSS-07 TK-ERR",
                "the suite or its input broke here").doesNotContain("<script>alert(1)</script>");
        String undecided = top.substring(top.indexOf("Undecided (INCONCLUSIVE)"), top.indexOf("Attestations awaiting evidence"));
        assertThat(undecided).contains("Could not be decided for the reason given", "TSS-06 AZ-STATE");
        assertThat(top.substring(top.indexOf("Attestations awaiting evidence"))).contains("TSS-07 TK-ATTEST",
                "a signed penetration-test report");
    }

    @Test
    void whenJunitXmlWrittenThenItParsesWithRightCounts() throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(reportDir.resolve("junit.xml").toFile());
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("11");
        assertThat(doc.getElementsByTagName("testsuite").getLength()).isEqualTo(4);
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(11);
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("error").getLength()).isEqualTo(3);
        assertThat(doc.getElementsByTagName("skipped").getLength()).isEqualTo(4);
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        Element testcase = (Element) failure.getParentNode();
        assertThat(testcase.getAttribute("classname")).isEqualTo("TSS-06.AZ-REDIRECT-EXACT");
        assertThat(testcase.getAttribute("name")).isEqualTo("authorize.redirect-uri.exact-match");
        assertThat(failure.getAttribute("message")).contains("<script>", MASK).doesNotContain(SECRET);
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < doc.getElementsByTagName("skipped").getLength(); i++) {
            skipped.add(((Element) doc.getElementsByTagName("skipped").item(i)).getAttribute("message"));
        }
        assertThat(skipped).anyMatch(m -> m.startsWith("NOT_APPLICABLE: metadata lists"))
                .anyMatch(m -> m.startsWith("PLANNED: planned: "))
                .anyMatch(m -> m.startsWith("ATTESTATION: a signed"))
                .anyMatch(m -> m.startsWith("INCONCLUSIVE: no consent"));
        assertThat(doc.getElementsByTagName("property").getLength()).isGreaterThan(0);
    }

    @Test
    void whenAllureResultsWrittenThenOneResultPerTestNode() throws IOException {
        Path allure = reportDir.resolve("allure-results");
        List<Path> results;
        try (Stream<Path> files = Files.list(allure)) {
            results = files.filter(p -> p.getFileName().toString().endsWith("-result.json")).toList();
        }
        assertThat(results).hasSize(11);
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> nodes = new ArrayList<>();
        for (Path p : results) {
            nodes.add(mapper.readTree(p.toFile()));
        }
        JsonNode failed = nodes.stream().filter(n -> n.get("status").asText().equals("failed")).findFirst().orElseThrow();
        assertThat(failed.get("name").asText()).isEqualTo("authorize.redirect-uri.exact-match");
        assertThat(failed.get("labels")).anySatisfy(l -> {
            assertThat(l.get("name").asText()).isEqualTo("story");
            assertThat(l.get("value").asText()).isEqualTo("AZ-REDIRECT-EXACT");
        });
        assertThat(failed.get("attachments")).anySatisfy(a -> assertThat(a.get("type").asText()).isEqualTo("image/png"));
        assertThat(failed.get("statusDetails").get("message").asText()).startsWith("FAIL: redirected");
        assertThat(nodes).filteredOn(n -> n.get("status").asText().equals("broken")).hasSize(3);
        assertThat(nodes).filteredOn(n -> n.get("status").asText().equals("passed")).hasSize(3);
        assertThat(nodes).filteredOn(n -> n.get("status").asText().equals("skipped")).hasSize(4);
        assertThat(allure.resolve("environment.properties")).content().contains("browser=Chromium 156.0");
    }

    @Test
    void whenSecretPlantedThenNoFileAndNoConsoleLineCarriesIt() throws IOException {
        assertThat(console).doesNotContain(SECRET).contains(MASK);
        List<Path> files;
        try (Stream<Path> all = Files.walk(reportDir)) {
            files = all.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".png")).toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        for (Path f : files) {
            assertThat(new String(Files.readAllBytes(f), StandardCharsets.UTF_8)).as(f.toString()).doesNotContain(SECRET);
        }
        assertThat(Files.readString(reportDir.resolve("report.json"))).contains("Bearer " + MASK);
    }

    @Test
    void whenChecksFinishThenConsolePrintsOneLineEachAndSummary() {
        List<String> lines = console.lines().toList();
        assertThat(lines).anyMatch(l -> l.matches("PASS +TSS-01 +DS-OIDC +discovery\\.oidc\\.consistent +0\\.01s +issuer matches its URL"));
        assertThat(lines).anyMatch(l -> l.startsWith("FAIL ") && l.contains("authorize.redirect-uri.exact-match "));
        assertThat(lines).as("planned requirements are counted, not listed").noneMatch(l -> l.contains("TK-PLANNED"));
        assertThat(lines).filteredOn(l -> l.startsWith("ERROR ") && l.contains("candidate unreachable")).hasSize(2);
        assertThat(lines).filteredOn(l -> l.matches("^(PASS|FAIL|ERROR|INCONCLUSIVE|NOT_APPLICABLE|ATTESTATION|PLANNED) +TSS-.*"))
                .hasSize(10);
        assertThat(console).contains("PASS 3  FAIL 1  INCONCLUSIVE 1  NOT_APPLICABLE 1  ERROR 3  ATTESTATION 1  planned 1",
                "NOT CERTIFIED: 3 blocking requirements", "report: ");
        assertThat(lines).anyMatch(l -> l.matches(" +TSS-09 +BR-1 +ERROR .*candidate unreachable.*"));
    }

    @Test
    void whenEveryRequiredRequirementPassesThenCertified(@TempDir Path dir) {
        Plan plan = new Plan("ok", "ok plan", "TSS-2015", List.of(new Consideration("TSS-01", "Discovery", "text",
                List.of(req("DS-OIDC", Level.REQUIRED, List.of("RFC8414-3"), "discovery.oidc.consistent"),
                        req("DS-OPT", Level.RECOMMENDED, List.of(), "discovery.optional.feature")), HERE)), HERE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunSummary ok = run(plan, new ScriptedEngine(plan).script("TSS-01/DS-OPT/discovery.optional.feature",
                (l, d) -> TestExecutionResult.aborted(new Inconclusive("cannot tell"))), dir, out);
        assertThat(ok.certified()).isTrue();
        assertThat(ok.blocking()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("CERTIFIED: no required requirement");
        assertThat(dir.resolve("report.html")).content().contains(">CERTIFIED<");
    }

    @Test
    void whenRunAbortsThenUnfinishedChecksAreErrorsAndReportIsWritten(@TempDir Path dir) throws IOException {
        Plan plan = plan();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunSummary aborted = run(plan, new ScriptedEngine(plan).stopAfterTests(2), dir, out);
        assertThat(aborted.certified()).isFalse();
        assertThat(aborted.counts().get(Verdict.PASS)).isEqualTo(2);
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(report.get("run").get("complete").asBoolean()).isFalse();
        assertThat(report.toString()).contains("not run: the run ended before this check reported a result");
        assertThat(dir.resolve("report.html")).exists();
        assertThat(dir.resolve("junit.xml")).exists();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("the run ended before every check reported");
    }

    @Test
    void whenCheckRunsVariantsThenItIsAsBadAsItsWorstVariant(@TempDir Path dir) throws IOException {
        Plan plan = new Plan("v", "variants", "TSS-2015", List.of(new Consideration("TSS-06", "Redirects", "text",
                List.of(req("AZ-REDIRECT-EXACT", Level.REQUIRED, List.of(), "authorize.redirect-uri.exact-match")),
                HERE)), HERE);
        ScriptedEngine engine = new ScriptedEngine(plan).script("TSS-06/AZ-REDIRECT-EXACT/authorize.redirect-uri.exact-match",
                (l, d) -> {
                    for (String name : List.of("append-path", "change-port")) {
                        org.junit.platform.engine.TestDescriptor v = ScriptedEngine.variant(l, d, name);
                        l.executionStarted(v);
                        l.executionFinished(v, name.equals("change-port")
                                ? TestExecutionResult.failed(new CheckFailure("port 8443 accepted"))
                                : TestExecutionResult.successful());
                    }
                    return TestExecutionResult.successful();
                });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunSummary result = run(plan, engine, dir, out);
        assertThat(result.counts().get(Verdict.FAIL)).isEqualTo(1);
        assertThat(result.counts().get(Verdict.PASS)).isZero();
        JsonNode check = new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("considerations").get(0)
                .get("requirements").get(0).get("checks").get(0);
        assertThat(check.get("reason").asText()).isEqualTo("change-port: port 8443 accepted");
    }

    @Test
    void whenAnotherEngineFailsThenHitcertVerdictsStayUntouched(@TempDir Path dir) {
        Plan plan = new Plan("ok", "ok plan", "TSS-2015", List.of(new Consideration("TSS-01", "Discovery", "text",
                List.of(new Requirement("ATT", "attested", Level.REQUIRED, List.of(), Requirement.Kind.ATTESTATION,
                        Requirement.Status.ACTIVE, List.of(), "a letter", HERE)), HERE)), HERE);
        ReportListener listener = new ReportListener(plan, runInfo(), dir, new TickingClock(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), s -> s);
        org.junit.platform.launcher.TestIdentifier jupiter = org.junit.platform.launcher.TestIdentifier.from(
                new org.junit.platform.engine.support.descriptor.EngineDescriptor(
                        org.junit.platform.engine.UniqueId.forEngine("junit-jupiter"), "JUnit Jupiter"));
        listener.executionStarted(jupiter);
        listener.executionFinished(jupiter, TestExecutionResult.failed(new RuntimeException("boom")));
        listener.testPlanExecutionFinished(null);
        assertThat(listener.summary().counts().get(Verdict.ATTESTATION)).isEqualTo(1);
        assertThat(listener.summary().counts().get(Verdict.ERROR)).isZero();
        assertThat(listener.summary().certified()).isTrue();
    }

    @Test
    void whenSummaryAskedBeforeTheEndThenItSaysSo(@TempDir Path dir) {
        ReportListener listener = new ReportListener(plan(), runInfo(), dir, Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), s -> s);
        assertThatThrownBy(listener::summary).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("testPlanExecutionFinished");
    }
}
