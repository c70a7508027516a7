package org.hitcert.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Consideration;
import org.hitcert.model.Level;
import org.hitcert.model.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A certification certifies only what it assessed (DESIGN rule 9): a gap in the candidate file is "not assessed" and
 * blocks a required requirement; a run that left required requirements out ({@code --only}) is never certified.
 */
class CertificationScopeTest {

    @TempDir
    Path work;

    static Plan plan() {
        return new Plan("tss-scope", "Scope plan", "TSS-2015", List.of(
                new Consideration("TSS-01", "Discovery", "Publish metadata.", List.of(
                        ReportListenerTest.req("DS-A", Level.REQUIRED, List.of("RFC8414-3"), "discovery.a.ok",
                                "discovery.b.ok")), ReportListenerTest.HERE),
                new Consideration("TSS-09", "Bearer", "Protect the API.", List.of(
                        ReportListenerTest.req("RS-B", Level.REQUIRED, List.of("RFC6750-2.1"), "bearer.b.ok"),
                        ReportListenerTest.req("RS-OPT", Level.OPTIONAL, List.of("RFC6750-2.1"), "bearer.c.ok")),
                        ReportListenerTest.HERE)), ReportListenerTest.HERE);
    }

    record Outcome(RunSummary summary, String console, JsonNode json, Path dir) {
        String file(String name) throws IOException {
            return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
        }
    }

    Outcome run(Plan whole, Plan plan, ScriptedEngine engine) throws IOException {
        Path dir = work.resolve("report");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportListener listener = new ReportListener(plan, ReportListenerTest.runInfo(), dir,
                new ReportListenerTest.TickingClock(), new PrintStream(out, true, StandardCharsets.UTF_8), s -> s)
                .wholePlan(whole);
        LauncherFactory.create(LauncherConfig.builder().enableTestEngineAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false).enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false).enablePostDiscoveryFilterAutoRegistration(false)
                .addTestEngines(engine).addTestExecutionListeners(listener).build())
                .execute(LauncherDiscoveryRequestBuilder.request()
                        .selectors(DiscoverySelectors.selectUniqueId("[engine:hitcert]")).build());
        return new Outcome(listener.summary(), out.toString(StandardCharsets.UTF_8),
                new ObjectMapper().readTree(dir.resolve("report.json").toFile()), dir);
    }

    @Test
    void whenEveryRequiredRequirementPassesThenCertifiedWithTheWholeScope() throws IOException {
        Outcome o = run(plan(), plan(), new ScriptedEngine(plan()));
        assertThat(o.summary().certified()).isTrue();
        assertThat(o.json().at("/overall/scope").asText()).isEqualTo("all 2 required requirements assessed");
        assertThat(o.json().at("/overall/partial").asBoolean()).isFalse();
        assertThat(o.console()).contains("CERTIFIED: no required requirement failed");
    }

    @Test
    void whenTheCandidateFileLacksWhatACheckNeedsThenNotAssessedBlocksAndSaysWhatToAdd() throws IOException {
        ScriptedEngine engine = new ScriptedEngine(plan()).script("TSS-09/RS-B/bearer.b.ok", (l, d) ->
                TestExecutionResult.aborted(Inconclusive.notAssessed("fhir-base", "fhir-base: https://...")));
        Outcome o = run(plan(), plan(), engine);
        assertThat(o.summary().certified()).isFalse();
        assertThat(o.summary().blockingRequirements()).containsExactly("TSS-09/RS-B");
        JsonNode gaps = o.json().at("/overall/notAssessed");
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).get("reason").asText())
                .isEqualTo("not assessed: the candidate file lacks fhir-base; add fhir-base: https://...");
        assertThat(gaps.get(0).get("requirements").get(0).asText()).isEqualTo("TSS-09/RS-B");
        JsonNode rs = o.json().at("/considerations/1/requirements/0");
        assertThat(rs.get("verdict").asText()).isEqualTo("INCONCLUSIVE");
        assertThat(rs.get("notAssessed").asBoolean()).isTrue();
        assertThat(o.json().at("/overall/requiredAssessed").asInt()).isEqualTo(1);
        assertThat(o.console()).contains("not assessed (INCONCLUSIVE for a gap in the candidate file")
                .contains("add fhir-base: https://...: RS-B").contains("NOT CERTIFIED: 1 blocking requirement");
        assertThat(o.file("report.html")).contains("Not assessed: what to add to the candidate file");
    }

    @Test
    void whenAnOrdinaryInconclusiveThenItIsNotListedAsNotAssessed() throws IOException {
        ScriptedEngine engine = new ScriptedEngine(plan()).script("TSS-09/RS-B/bearer.b.ok", (l, d) ->
                TestExecutionResult.aborted(new Inconclusive("the login step 1 found no element")));
        Outcome o = run(plan(), plan(), engine);
        assertThat(o.json().at("/overall/notAssessed")).isEmpty();
        assertThat(o.json().at("/considerations/1/requirements/0").has("notAssessed")).isFalse();
    }

    @Test
    void whenOnlySomeRequirementsRanThenAPartialRunIsNeverCertified() throws IOException {
        Plan part = plan().only(List.of("RS-B"));
        Outcome o = run(plan(), part, new ScriptedEngine(part));
        assertThat(o.summary().certified()).isFalse();
        assertThat(o.summary().blockingRequirements()).isEmpty();
        assertThat(o.json().at("/overall/certified").asBoolean()).isFalse();
        assertThat(o.json().at("/overall/partial").asBoolean()).isTrue();
        assertThat(o.json().at("/overall/scope").asText()).isEqualTo("partial run: 1 of 2 required requirements assessed");
        assertThat(o.console()).doesNotContain("\nCERTIFIED").contains(
                "NOT CERTIFIED: partial run: 1 of 2 required requirements assessed (a partial run is never certified)");
        assertThat(o.file("report.html")).contains("NOT CERTIFIED (partial run)")
                .contains("partial run: 1 of 2 required requirements assessed");
        assertThat(o.file("junit.xml")).contains("name=\"hitcert.certified\" value=\"false\"")
                .contains("partial run: 1 of 2 required requirements assessed");
        assertThat(o.file("allure-results/environment.properties")).contains("certified=false")
                .contains("partial run\\: 1 of 2 required requirements assessed");
    }

    @Test
    void whenOnlyOneCheckOfARequirementRanThenThatRequirementIsNotAssessedWhole() throws IOException {
        Plan part = plan().only(List.of("discovery.a.ok", "TSS-09"));
        Outcome o = run(plan(), part, new ScriptedEngine(part));
        assertThat(o.summary().certified()).isFalse();
        assertThat(o.json().at("/overall/scope").asText()).isEqualTo("partial run: 1 of 2 required requirements assessed");
    }
}
