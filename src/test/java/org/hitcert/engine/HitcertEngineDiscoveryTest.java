package org.hitcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The engine turns a plan into the certification tree, and a broken plan into located discovery issues. */
class HitcertEngineDiscoveryTest {

    private static EngineDiscoveryResults discover(String plan) {
        return EngineTestKit.engine(new HitcertEngine())
                .selectors(selectFile(plan))
                .configurationParameter(Settings.CANDIDATE, "fixtures/candidates/reference.yaml")
                .discover();
    }

    @Test
    void whenPlanIsTheDefaultThenTreeIsPlanConsiderationRequirementCheck() {
        EngineDiscoveryResults results = discover("test-plans/tss-2015.yaml");
        assertThat(results.getDiscoveryIssues()).isEmpty();
        TestDescriptor root = results.getEngineDescriptor();
        TestDescriptor plan = root.getChildren().iterator().next();
        assertThat(plan.getUniqueId().toString()).isEqualTo("[engine:hitcert]/[plan:tss-2015]");
        assertThat(plan.getChildren()).hasSize(11);
        assertThat(root.getDescendants()).anySatisfy(d -> assertThat(d.getUniqueId().toString()).isEqualTo(
                "[engine:hitcert]/[plan:tss-2015]/[consideration:TSS-02]/[requirement:AZ-PKCE-REQUIRED]/[check:authorize.pkce.required]"));
        assertThat(root.getDescendants()).anySatisfy(d -> {
            assertThat(d.getUniqueId().getLastSegment().getValue()).isEqualTo("COMPAT-INFO");
            assertThat(d.isTest()).as("a requirement without checks (attestation) is a test of its own").isTrue();
        });
        assertThat(root.getDescendants()).anySatisfy(d -> assertThat(d.getUniqueId().toString()).isEqualTo(
                "[engine:hitcert]/[plan:tss-2015]/[consideration:TSS-09]/[requirement:COMPAT-BROWSER-MATRIX]/[check:compat.browsers.code-flow]"));
    }

    @Test
    void whenPlanHasMistakesThenEachIsADiscoveryIssueAtItsPositionAndNoTestIsBuilt() {
        EngineDiscoveryResults results = discover("src/test/resources/cli/three-mistakes.yaml");
        List<DiscoveryIssue> issues = results.getDiscoveryIssues();
        assertThat(issues).hasSize(3).allSatisfy(i -> assertThat(i.severity()).isEqualTo(DiscoveryIssue.Severity.ERROR));
        assertThat(issues).extracting(i -> ((FileSource) i.source().orElseThrow()).getPosition().orElseThrow().getLine())
                .containsExactlyInAnyOrder(9, 13, 17);
        assertThat(results.getEngineDescriptor().getDescendants()).isEmpty();
    }
}
