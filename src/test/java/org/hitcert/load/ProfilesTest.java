package org.hitcert.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.hitcert.model.Candidate;
import org.hitcert.model.Plan;
import org.hitcert.model.Problem;
import org.junit.jupiter.api.Test;

class ProfilesTest {

    private static final String DIR = "src/test/resources/load/profiles/";

    private static Plan plan() {
        Loaded<Plan> loaded = new PlanLoader(new TestChecks()).load(Path.of(DIR + "plan.yaml"));
        assertThat(loaded.problems()).isEmpty();
        return loaded.value().orElseThrow();
    }

    private static Candidate candidate(String name) {
        return new CandidateLoader(TestChecks.FLAWS).load(Path.of(DIR + name)).value().orElseThrow();
    }

    @Test
    void whenPlanDeclaresProfilesThenRequirementsCarryThem() {
        Plan plan = plan();
        assertThat(plan.profiles()).containsOnlyKeys("smart", "heart");
        assertThat(plan.requirement("CORE-ONE").orElseThrow().profiles()).isEmpty();
        assertThat(plan.requirement("SMART-ONE").orElseThrow().profiles()).containsExactly("smart");
        assertThat(plan.only(List.of("authorize.pkce.required")).requirement("SMART-ONE").orElseThrow().profiles())
                .containsExactly("smart");
    }

    @Test
    void whenRequirementNamesAnUndeclaredProfileThenTheProblemIsLocatedWithTheDeclaredOnes() {
        Loaded<Plan> loaded = new PlanLoader(new TestChecks()).load(Path.of(DIR + "bad-plan.yaml"));
        String f = DIR + "bad-plan.yaml";
        assertThat(loaded.ok()).isFalse();
        assertThat(loaded.problems()).extracting(Problem::toString).containsExactly(
                f + ":6:3: profile id 'Heart' must be lower-case letters, digits and '-' ([a-z0-9-]+), e.g. smart",
                f + ":15:20: profile 'smrt' is not declared under the plan's 'profiles'; declared: smart; did you mean 'smart'?");
    }

    @Test
    void whenCandidateClaimsOneProfileThenOnlyItsRequirementsApply() {
        Plan plan = plan();
        Candidate heart = candidate("claims-heart.yaml");
        assertThat(Profiles.problems(plan, heart)).isEmpty();
        assertThat(Profiles.notApplicable(plan, plan.requirement("CORE-ONE").orElseThrow(), heart)).isEmpty();
        assertThat(Profiles.notApplicable(plan, plan.requirement("EITHER-ONE").orElseThrow(), heart)).isEmpty();
        assertThat(Profiles.notApplicable(plan, plan.requirement("SMART-ONE").orElseThrow(), heart)).hasValue(
                "requirement of profile smart, not claimed by the candidate (it claims heart);"
                        + " list smart under 'profiles:' in the candidate file to assess it");
    }

    @Test
    void whenReferenceClaimsNothingThenItClaimsEveryProfileButARealServerClaimsNone() {
        Plan plan = plan();
        Candidate bare = new CandidateLoader(TestChecks.FLAWS).load(Path.of("src/test/resources/load/candidates/good-reference-bare.yaml"))
                .value().orElseThrow();
        assertThat(Profiles.notApplicable(plan, plan.requirement("SMART-ONE").orElseThrow(), bare)).isEmpty();
        Candidate real = new CandidateLoader(TestChecks.FLAWS).load(Path.of("src/test/resources/load/candidates/good-issuer.yaml"))
                .value().orElseThrow();
        assertThat(real.profiles()).isEmpty();
        assertThat(Profiles.notApplicable(plan, plan.requirement("SMART-ONE").orElseThrow(), real)).get().asString()
                .contains("its file claims none");
    }

    @Test
    void whenCandidateClaimsAnUnknownOrRepeatedProfileThenEachIsLocated() {
        String f = DIR + "claims-typo.yaml";
        Loaded<Candidate> loaded = new CandidateLoader(TestChecks.FLAWS).load(Path.of(f));
        assertThat(loaded.problems()).extracting(Problem::toString)
                .containsExactly(f + ":5:25: profile 'smart' is listed twice; list each profile once");
        Candidate typo = new CandidateLoader(TestChecks.FLAWS).load(Path.of(DIR + "claims-heart.yaml")).value().orElseThrow();
        Candidate withTypo = new Candidate(typo.name(), typo.reference(), typo.issuer(), typo.fhirBase(), typo.endpoints(),
                typo.allowedHosts(), typo.trustAnchor(), typo.callback(), typo.clients(), typo.users(), typo.login(),
                typo.claims(), List.of(new Candidate.ProfileClaim("hert", new org.hitcert.model.Location(f, 5, 18))),
                typo.location());
        assertThat(Profiles.problems(plan(), withTypo)).extracting(Problem::toString).containsExactly(
                f + ":5:18: profile 'hert' is not a profile of plan profiled; its profiles: smart, heart; did you mean 'heart'?");
    }
}
