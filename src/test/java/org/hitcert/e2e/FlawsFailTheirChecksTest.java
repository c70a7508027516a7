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
 * The suite's proof that its checks can fail: against the clean reference every implemented check PASSes (proven on the
 * acceptance run of {@link ReportHoldsNoSecretsTest}, one full run fewer here); with each flaw on, exactly the checks
 * that name that flaw FAIL and every other check still PASSes.
 *
 * <p>Cost: every check runs against the clean reference; under a flaw, the checks that name it run together
 * with the cheap checks of the same areas ({@link #companion}: plain HTTP, no deliberate wait). Browser checks that do not name the
 * flaw, and other areas, are left out: running everything under every flaw would multiply the run by the
 * number of flaws, while each flaw's own checks still prove it.
 * Flaws run in groups that share no area ({@link FlawGroup}), two groups at a time, each against its own reference
 * instance, sharing a pool of two browsers.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class FlawsFailTheirChecksTest {

    private static final CheckCatalog CATALOG = CheckCatalog.standard();

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
     * The interop switches proven here, with the areas (or single check ids) whose checks each could mislead (the FHIR API
     * and the SMART grant);
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
        List<String> only = CATALOG.all().stream().filter(c -> INTEROP_AREAS.get(interop).contains(c.info().area())
                        || INTEROP_AREAS.get(interop).contains(c.info().id()))
                .map(c -> c.info().id()).toList();
        Map<String, SuiteRun.Outcome> outcomes = SuiteRun.reference(List.of(interop.id()), only);
        assertThat(outcomes.keySet()).as("checks run under " + interop.id()).containsExactlyInAnyOrderElementsOf(only);
        java.util.Set<String> undecided = UNDECIDED_UNDER.getOrDefault(interop.id(), java.util.Set.of());
        assertThat(outcomes).allSatisfy((id, o) -> assertThat(o.verdict()).as(interop.id() + ", " + id + ": " + o.reason())
                .isIn(undecided.contains(id) ? List.of(Verdict.PASS, Verdict.INCONCLUSIVE, Verdict.NOT_APPLICABLE)
                        : List.of(Verdict.PASS)));
    }

    /**
     * Defect flaws in groups that share no area (the areas of the checks naming them): one reference run per group, each
     * flaw of it on. A flaw's own checks still FAIL only if it works, and a companion or another flaw's check that FAILs
     * or moves shows as such; what grouping gives up is telling which flaw of the group moved a check of another's area,
     * which a group's failure message leaves to a run of that flaw alone ({@code -Dhitcert.test.flaws=...}).
     * 166 flaws make 38 runs instead of 166, each its own login and instance (measured in README).
     */
    static java.util.stream.Stream<FlawGroup> flawGroups() {
        return FlawGroup.of(flaws().toList(), CATALOG).stream();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("flawGroups")
    void whenFlawsAreOnThenExactlyTheirChecksFail(FlawGroup group) {
        Map<String, List<String>> namedBy = new java.util.TreeMap<>();
        for (Flaw flaw : group.flaws()) {
            List<String> own = CATALOG.all().stream().filter(c -> c.info().flaws().contains(flaw.id())).map(c -> c.info().id())
                    .toList();
            assertThat(own).as("checks that name flaw " + flaw.id()).isNotEmpty();
            own.forEach(id -> namedBy.computeIfAbsent(id, k -> new java.util.ArrayList<>()).add(flaw.id()));
        }
        List<String> only = CATALOG.all().stream().filter(c -> namedBy.containsKey(c.info().id())
                || companion(c.info()) && group.areas().contains(c.info().area())).map(c -> c.info().id()).toList();
        Map<String, SuiteRun.Outcome> outcomes = SuiteRun.reference(group.ids(), only);
        assertThat(outcomes.keySet()).as("checks run under " + group).containsExactlyInAnyOrderElementsOf(only);
        Map<String, String> notPassing = outcomes.entrySet().stream()
                .filter(e -> e.getValue().verdict() != Verdict.PASS && e.getValue().verdict() != Verdict.FAIL)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().verdict() + ": " + e.getValue().reason()));
        assertThat(notPassing).as("checks neither PASS nor FAIL under " + group).isEmpty();
        Map<String, String> missed = new java.util.TreeMap<>();
        namedBy.forEach((id, by) -> {
            SuiteRun.Outcome o = outcomes.get(id);
            if (o.verdict() != Verdict.FAIL) {
                missed.put(id + " (names " + by + ")", o.verdict() + ": " + o.reason());
            }
        });
        assertThat(missed).as("checks that PASSed although a flaw they name was on, under " + group).isEmpty();
        Map<String, String> undeclared = outcomes.entrySet().stream()
                .filter(e -> e.getValue().verdict() == Verdict.FAIL && !namedBy.containsKey(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().reason()));
        assertThat(undeclared).as("checks that FAILed under " + group + " naming none of its flaws").isEmpty();
    }

    /**
     * A check run beside a flaw's own checks to show the flaw moves nothing else in its area: only the cheap ones, plain
     * HTTP that neither waits on purpose (a lifetime left to lapse), is declared slow, nor runs alone. The costly ones
     * would be run again under every flaw of their area (a 15 s expiry wait under each of 25 bearer flaws); they are
     * proven by their own flaws, and bench/flaw-matrix.sh runs every check under every flaw.
     */
    static boolean companion(org.hitcert.checks.CheckInfo info) {
        return !info.browser() && !info.slow() && !info.runsAlone() && info.budget().waitsFor().isEmpty();
    }

    /**
     * A precondition broken outside the check's area: when the FHIR API ignores revocation, a token revoked with the
     * right hint still works there, so the hint check's positive control fails and it must say INCONCLUSIVE, never
     * PASS (nor FAIL with a cause it did not see). The flaw runs alone in the groups, so this is its only proof.
     */
    @Test
    void whenTheApiIgnoresRevocationThenTheHintCheckIsInconclusive() {
        Map<String, SuiteRun.Outcome> outcomes = SuiteRun.reference(List.of(Flaw.FHIR_IGNORES_REVOCATION.id()),
                List.of("token.revocation.hint"));
        assertThat(outcomes.get("token.revocation.hint").verdict()).as(outcomes.get("token.revocation.hint").reason())
                .isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(outcomes.get("token.revocation.hint").reason()).contains("right token_type_hint");
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
