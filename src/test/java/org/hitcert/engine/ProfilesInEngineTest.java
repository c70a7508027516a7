package org.hitcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import org.hitcert.checks.NotApplicable;
import org.hitcert.checks.Outcomes;
import org.hitcert.model.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/** A requirement of a profile the candidate does not claim is NOT_APPLICABLE, decided before any traffic. */
class ProfilesInEngineTest {

    private static final String DIR = "src/test/resources/load/profiles/";

    @Test
    void whenCandidateClaimsHeartOnlyThenTheSmartCheckIsNotApplicableAndTheHeartAttestationStands() {
        EngineExecutionResults results = EngineTestKit.engine(new HitcertEngine())
                .selectors(selectFile(DIR + "plan.yaml"))
                .configurationParameter(Settings.CANDIDATE, DIR + "claims-heart.yaml")
                .configurationParameter(Settings.ONLY, "SMART-ONE,EITHER-ONE")
                .execute();
        TestExecutionResult smart = finished(results, "authorize.pkce.required");
        assertThat(Outcomes.verdictOf(smart)).isEqualTo(Verdict.NOT_APPLICABLE);
        assertThat(smart.getThrowable()).get().isInstanceOf(NotApplicable.class).extracting(Throwable::getMessage)
                .asString().startsWith("requirement of profile smart, not claimed by the candidate");
        assertThat(Outcomes.verdictOf(finished(results, "EITHER-ONE"))).isEqualTo(Verdict.ATTESTATION);
    }

    @Test
    void whenCandidateClaimsAProfileThePlanLacksThenDiscoveryStopsWithALocatedIssue() {
        var results = EngineTestKit.engine(new HitcertEngine())
                .selectors(selectFile("test-plans/tss-2015.yaml"))
                .configurationParameter(Settings.CANDIDATE, DIR + "claims-typo.yaml")
                .discover();
        assertThat(results.getDiscoveryIssues()).extracting(DiscoveryIssue::severity).contains(DiscoveryIssue.Severity.ERROR);
        assertThat(results.getEngineDescriptor().getDescendants()).isEmpty();
    }

    private static TestExecutionResult finished(EngineExecutionResults results, String lastSegment) {
        return results.allEvents().stream().filter(e -> e.getType() == EventType.FINISHED)
                .filter(e -> e.getTestDescriptor().getUniqueId().getLastSegment().getValue().equals(lastSegment))
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow()).findFirst().orElseThrow();
    }
}
