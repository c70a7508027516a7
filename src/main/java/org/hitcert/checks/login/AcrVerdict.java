package org.hitcert.checks.login;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The decision of LG-ACR-AMR over what one login showed: whether the suite completed the second-factor step, the acr
 * it asked for (voluntary acr_values, or an essential acr claim), and the acr and amr the ID token states.
 * OIDC Core §2 (acr, amr describe the authentication performed), §3.1.2.1 (acr_values: voluntary),
 * §5.5.1.1 (an essential acr that cannot be met is a failed authentication).
 */
record AcrVerdict(Kind kind, String reason) {

    enum Kind { PASS, FAIL }

    /** amr values (RFC 8176 §2) that name a factor besides a password. */
    static final Set<String> SECOND_FACTORS = Set.of("otp", "mfa", "hwk", "swk", "sms", "tel", "face", "fpt", "iris",
            "retina", "vbm", "sc", "mca", "user", "geo");

    static AcrVerdict decide(String who, boolean secondFactorDone, String requested, boolean essential,
                             Optional<String> acr, Optional<List<String>> amr) {
        String stated = "acr " + acr.map(a -> "'" + a + "'").orElse("absent") + ", amr "
                + amr.map(Object::toString).orElse("absent");
        boolean claimsMfaAcr = acr.filter(requested::equals).isPresent();
        List<String> claimedFactors = amr.orElse(List.of()).stream().filter(SECOND_FACTORS::contains).toList();
        if (!secondFactorDone) {
            if (claimsMfaAcr || !claimedFactors.isEmpty()) {
                return new AcrVerdict(Kind.FAIL, "the ID token for " + who + " states " + stated + " though the login "
                        + "had no second-factor step (none was shown or completed): the token overstates the "
                        + "authentication; OIDC Core §2 requires acr and amr to describe the authentication performed");
            }
            if (essential) {
                return new AcrVerdict(Kind.FAIL, "an essential acr claim asked for '" + requested + "', yet " + who
                        + " got tokens after a password-only login (" + stated + "); OIDC Core §5.5.1.1 requires a "
                        + "failed authentication when an essential acr cannot be met");
            }
            return new AcrVerdict(Kind.PASS, who + ": password-only login, and the ID token does not claim more ("
                    + stated + "); acr_values=" + requested + " was not enforced, which OIDC Core §3.1.2.1 leaves "
                    + "voluntary");
        }
        if (essential && !claimsMfaAcr) {
            return new AcrVerdict(Kind.FAIL, "an essential acr claim asked for '" + requested + "' and " + who
                    + " completed the second factor, but the ID token states " + stated + "; OIDC Core §5.5.1.1 "
                    + "requires the acr to match a requested value");
        }
        return new AcrVerdict(Kind.PASS, who + " completed the second factor and the ID token states " + stated
                + (claimsMfaAcr ? "" : " (not the requested '" + requested + "': understated, not a risk)"));
    }
}
