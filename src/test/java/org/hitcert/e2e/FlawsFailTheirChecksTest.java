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
        return selected().filter(f -> f.kind() == Flaw.Kind.DEFECT);
    }

    private static java.util.stream.Stream<Flaw> selected() {
        String only = System.getProperty("hitcert.test.flaws", "");
        return java.util.Arrays.stream(Flaw.values()).filter(f -> only.isBlank() || List.of(only.split(",")).contains(f.id()));
    }

    /** The interop switches (gzip, ...), selected as {@link #flaws()} are. */
    static java.util.stream.Stream<Flaw> interopSwitches() {
        return selected().filter(f -> INTEROP_AREAS.containsKey(f));
    }

    /**
     * The interop switches proven here, with the areas whose checks each could mislead (the FHIR API and the SMART grant);
     * the others are proven beside the mechanism they exercise (PreconditionFlawsTest: client assertions; the sessions
     * tests: logins and consent).
     */
    private static final Map<Flaw, java.util.Set<String>> INTEROP_AREAS = Map.of(
            Flaw.FHIR_GZIP, java.util.Set.of("bearer", "smart"),
            Flaw.FHIR_SEARCH_COMPARTMENT_ONLY, java.util.Set.of("bearer", "smart"),
            Flaw.SCOPE_GRANTS_REGISTERED, java.util.Set.of("bearer", "smart"));

    /**
     * Checks an interop switch may leave undecided (INCONCLUSIVE or NOT_APPLICABLE, never FAIL): the switch withholds what
     * they need (a grant narrower than the registration), and saying so is their right verdict.
     */
    private static final Map<String, java.util.Set<String>> UNDECIDED_UNDER = Map.of("scope-grants-registered",
            java.util.Set.of("bearer.insufficient-scope.forbidden", "bearer.smart-granular.enforced",
                    "bearer.smart-permissions.enforced", "bearer.smart-v1.read-only"));

    /**
     * An interop switch is behaviour a correct server may show: with it on, every check of the areas it touches still
     * PASSes, or stays undecided where {@link #UNDECIDED_UNDER} says so; none FAILs (no check may name it as its flaw).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("interopSwitches")
    void whenInteropSwitchIsOnThenItsAreasStillPass(Flaw interop) {
        assertThat(CATALOG.all().stream().filter(c -> c.info().flaws().contains(interop.id())).map(c -> c.info().id()).toList())
                .as("checks that name the interop switch " + interop.id()).isEmpty();
        List<String> only = CATALOG.all().stream().filter(c -> INTEROP_AREAS.get(interop).contains(c.info().area()))
                .map(c -> c.info().id()).toList();
        Map<String, SuiteRun.Outcome> outcomes = SuiteRun.reference(List.of(interop.id()), only);
        assertThat(outcomes.keySet()).as("checks run under " + interop.id()).containsExactlyInAnyOrderElementsOf(only);
        java.util.Set<String> undecided = UNDECIDED_UNDER.getOrDefault(interop.id(), java.util.Set.of());
        assertThat(outcomes).allSatisfy((id, o) -> assertThat(o.verdict()).as(interop.id() + ", " + id + ": " + o.reason())
                .isIn(undecided.contains(id) ? List.of(Verdict.PASS, Verdict.INCONCLUSIVE, Verdict.NOT_APPLICABLE)
                        : List.of(Verdict.PASS)));
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
