package org.hitcert.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckCatalog;
import org.hitcert.model.Verdict;
import org.hitcert.reference.Flaw;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The suite's proof that its checks can fail: against the clean reference every implemented check PASSes;
 * with each flaw on, exactly the checks that name that flaw FAIL and every other check still PASSes.
 *
 * <p>Cost: every check runs against the clean reference; under a flaw, the checks that name it run together
 * with the checks of the same areas that need no browser (cheap HTTP). Browser checks that do not name the
 * flaw, and other areas, are left out: running everything under every flaw would multiply the run by the
 * number of flaws, while each flaw's own checks still prove it.
 * Flaws run two at a time, each against its own reference instance, sharing a pool of two browsers.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class FlawsFailTheirChecksTest {

    private static final CheckCatalog CATALOG = CheckCatalog.standard();

    @Test
    void whenReferenceIsCleanThenEveryCheckPasses() {
        Map<String, SuiteRun.Outcome> outcomes = SuiteRun.reference(List.of());
        assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(CATALOG.ids());
        assertThat(outcomes).allSatisfy((id, o) -> assertThat(o.verdict()).as(id + ": " + o.reason()).isEqualTo(Verdict.PASS));
    }

    /** While developing, {@code -Dhitcert.test.flaws=a,b} runs only those flaws (CI runs them all). */
    static java.util.stream.Stream<Flaw> flaws() {
        String only = System.getProperty("hitcert.test.flaws", "");
        return java.util.Arrays.stream(Flaw.values()).filter(f -> !f.policy()).filter(f -> only.isBlank() || List.of(only.split(",")).contains(f.id()));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("flaws")
    void whenFlawIsOnThenExactlyItsChecksFail(Flaw flaw) {
        List<String> expectedFailing = CATALOG.all().stream().filter(c -> c.info().flaws().contains(flaw.id()))
                .map(c -> c.info().id()).toList();
        assertThat(expectedFailing).as("checks that name flaw " + flaw.id()).isNotEmpty();
        java.util.Set<String> areas = CATALOG.all().stream().filter(c -> c.info().flaws().contains(flaw.id()))
                .map(c -> c.info().area()).collect(Collectors.toSet());
        List<String> only = CATALOG.all().stream().filter(c -> c.info().flaws().contains(flaw.id())
                || !c.info().browser() && areas.contains(c.info().area())).map(c -> c.info().id()).toList();
        Map<String, SuiteRun.Outcome> outcomes = SuiteRun.reference(List.of(flaw.id()), only);
        assertThat(outcomes.keySet()).as("checks run under " + flaw.id()).containsExactlyInAnyOrderElementsOf(only);
        Map<String, String> failing = outcomes.entrySet().stream().filter(e -> e.getValue().verdict() == Verdict.FAIL)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().reason()));
        Map<String, String> notPassing = outcomes.entrySet().stream()
                .filter(e -> e.getValue().verdict() != Verdict.PASS && e.getValue().verdict() != Verdict.FAIL)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().verdict() + ": " + e.getValue().reason()));
        assertThat(notPassing).as("checks neither PASS nor FAIL under " + flaw.id()).isEmpty();
        assertThat(failing.keySet()).as("failing checks under " + flaw.id() + ": " + failing)
                .containsExactlyInAnyOrderElementsOf(expectedFailing);
    }

    @Test
    void everyFlawNamedByACheckExists() {
        for (Check c : CATALOG.all()) {
            for (String f : c.info().flaws()) {
                assertThat(Flaw.byId(f)).as(c.info().id() + " names flaw " + f).isPresent();
            }
        }
    }
}
