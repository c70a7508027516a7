package org.hitcert.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.hitcert.checks.CheckCatalog;
import org.hitcert.model.Attestation;
import org.hitcert.model.Plan;
import org.hitcert.model.Problem;
import org.junit.jupiter.api.Test;

class AttestationLoaderTest {

    private static final String DIR = "src/test/resources/load/attestations/";
    private static final Plan PLAN = new PlanLoader(CheckCatalog.standard()).load(Path.of("test-plans/tss-2015.yaml"))
            .value().orElseThrow();

    private static Loaded<List<Attestation>> load(String file) {
        return new AttestationLoader().load(Path.of(file));
    }

    @Test
    void whenTheExampleFileIsReadThenEachAnswerKeepsItsStatementAuthorDateAndAttachments() {
        Loaded<List<Attestation>> loaded = load("fixtures/attestations/reference.yaml");
        assertThat(loaded.problems()).isEmpty();
        List<Attestation> answers = loaded.value().orElseThrow();
        assertThat(answers).extracting(Attestation::requirementId).containsExactly("THREAT-MONITORING", "VULN-TESTING-PROCESS");
        Attestation monitoring = answers.get(0);
        assertThat(monitoring.statement()).startsWith("The reference candidate logs every replayed authorization code");
        assertThat(monitoring.date()).isEqualTo("2026-11-28");
        assertThat(monitoring.attachments()).singleElement()
                .satisfies(p -> assertThat(p.getFileName().toString()).isEqualTo("audit-log-excerpt.txt"));
        assertThat(monitoring.reason()).isEqualTo("evidence supplied by hitcert maintainers (example answer) on 2026-11-28"
                + " with 1 attachment; awaiting the tester's review (an attestation is never a PASS)");
        assertThat(AttestationLoader.problems(PLAN, answers)).isEmpty();
    }

    @Test
    void whenDateAttachmentOrKeyIsWrongThenEachIsLocated() {
        String f = DIR + "bad.yaml";
        Loaded<List<Attestation>> loaded = load(f);
        assertThat(loaded.ok()).isFalse();
        assertThat(loaded.problems()).extracting(Problem::toString).containsExactly(
                f + ":6:11: 'date' must be an ISO date like 2026-10-01, not a string",
                f + ":7:19: attachment 'missing.pdf' not found (looked for "
                        + Path.of(DIR).toAbsolutePath().resolve("missing.pdf").normalize()
                        + "); paths are relative to the attestations file's folder",
                f + ":12:5: unknown key 'colour'; expected one of: requirement, statement, attested-by, date, attachments");
    }

    @Test
    void whenAnAnswerNamesACheckedOrUnknownRequirementOrRepeatsOneThenThePlanRefusesIt() {
        String f = DIR + "plan-mismatch.yaml";
        List<String> problems = AttestationLoader.problems(PLAN, load(f).value().orElseThrow()).stream()
                .map(Problem::toString).toList();
        String ids = "LG-AUTHN-POLICY, VULN-TESTING-PROCESS, COMPAT-INFO, THREAT-MONITORING";
        assertThat(problems).containsExactly(
                f + ":3:5: requirement 'AZ-PKCE-REQUIRED' is decided by checks, not by a statement; answer only "
                        + "attestation requirements: " + ids,
                f + ":7:5: requirement 'NO-SUCH-THING' is not in plan tss-2015; answer one of its attestation requirements: " + ids);
        String t = DIR + "twice.yaml";
        assertThat(AttestationLoader.problems(PLAN, load(t).value().orElseThrow())).extracting(Problem::toString)
                .containsExactly(t + ":7:5: requirement 'COMPAT-INFO' is answered twice (first at " + t + ":3:5); keep one answer");
    }
}
