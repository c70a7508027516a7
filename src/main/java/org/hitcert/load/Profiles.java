package org.hitcert.load;

import java.util.ArrayList;
import java.util.List;
import org.hitcert.model.Candidate;
import org.hitcert.model.Plan;
import org.hitcert.model.Problem;
import org.hitcert.model.Requirement;

/**
 * Plan profiles meet the candidate: a candidate may claim only profiles its plan declares (a typo such as
 * {@code hert} would otherwise silently turn every HEART requirement NOT_APPLICABLE).
 */
public final class Profiles {

    private Profiles() {
    }

    /** Each profile the candidate claims that the plan does not declare, located in the candidate file. */
    public static List<Problem> problems(Plan plan, Candidate candidate) {
        List<Problem> problems = new ArrayList<>();
        for (Candidate.ProfileClaim claim : candidate.profiles()) {
            if (!plan.profiles().containsKey(claim.id())) {
                problems.add(Problem.error(claim.location(), "profile " + Validation.q(claim.id()) + " is not a profile of plan "
                        + plan.id() + (plan.profiles().isEmpty() ? ", which declares none; remove it"
                        : "; its profiles: " + String.join(", ", plan.profiles().keySet()))
                        + Validation.suggestion(claim.id(), plan.profiles().keySet())
                        .map(s -> "; did you mean " + Validation.q(s) + "?").orElse("")));
            }
        }
        return problems;
    }

    /**
     * Why the requirement is not assessed for this candidate, or empty when it applies: a requirement of
     * profiles applies when the candidate claims at least one of them.
     */
    public static java.util.Optional<String> notApplicable(Plan plan, Requirement requirement, Candidate candidate) {
        if (requirement.profiles().isEmpty() || requirement.profiles().stream().anyMatch(candidate::claimsProfile)) {
            return java.util.Optional.empty();
        }
        String names = String.join(" or ", requirement.profiles());
        return java.util.Optional.of("requirement of profile " + names + ", not claimed by the candidate"
                + (candidate.profiles().isEmpty() ? " (its file claims none)"
                : " (it claims " + String.join(", ", candidate.profileIds()) + ")")
                + "; list " + requirement.profiles().get(0) + " under 'profiles:' in the candidate file to assess it");
    }
}
