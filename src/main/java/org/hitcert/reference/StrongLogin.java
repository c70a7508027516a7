package org.hitcert.reference;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hitcert.support.Totp;

/**
 * The login's defences beyond the password check: an account lockout (RFC 6819 §5.1.4.2.3: after
 * {@link #MAX_FAILURES} wrong passwords in a row the account is locked for {@link #LOCK_SECONDS}, whatever is typed),
 * and the second factor (RFC 6238 TOTP) of the users that have one, with the acr and amr that the ID token then
 * states (OIDC Core §2).
 */
final class StrongLogin {

    static final int MAX_FAILURES = 5;
    static final long LOCK_SECONDS = 60;
    static final String ACR_PASSWORD = "urn:hitcert:acr:password";
    static final String ACR_MFA = "urn:hitcert:acr:mfa";

    private final Set<Flaw> flaws;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private static final class Failures {
        int count;
        Instant lockedUntil = Instant.EPOCH;
    }

    StrongLogin(Set<Flaw> flaws, Clock clock) {
        this.flaws = flaws;
        this.clock = clock;
    }

    /** Whether {@code username} is locked now (the password is then not even compared); an attempt extends the lock. */
    boolean locked(String username) {
        Failures f = failures.get(username);
        if (f == null || flaws.contains(Flaw.NO_LOCKOUT) || flaws.contains(Flaw.LOGIN_TAR_PIT)) {
            return false;
        }
        synchronized (f) {
            Instant now = clock.instant();
            if (!now.isBefore(f.lockedUntil)) {
                return false;
            }
            f.lockedUntil = now.plusSeconds(LOCK_SECONDS); // each attempt while locked restarts the lock
            return true;
        }
    }

    /** Counts a wrong password for {@code username}; the {@link #MAX_FAILURES}th locks the account. */
    void failed(String username) {
        if (failures.size() > 10_000) {
            failures.clear(); // bounded memory under a spray of made-up names
        }
        Failures f = failures.computeIfAbsent(username, u -> new Failures());
        synchronized (f) {
            if (++f.count >= MAX_FAILURES && !flaws.contains(Flaw.LOGIN_TAR_PIT)) {
                f.lockedUntil = clock.instant().plusSeconds(LOCK_SECONDS);
                f.count = 0;
            }
        }
    }

    /** With {@link Flaw#LOGIN_TAR_PIT}: how long to hold the answer to a password submission for {@code username}. */
    long tarPitMillis(String username) {
        Failures f = failures.get(username);
        if (f == null || !flaws.contains(Flaw.LOGIN_TAR_PIT)) {
            return 0;
        }
        synchronized (f) {
            return f.count >= TAR_PIT_FAILURES ? TAR_PIT_MILLIS : 0;
        }
    }

    static final long TAR_PIT_MILLIS = 6000;
    /** Wrong passwords after which the tar pit holds answers (the lockout check sends 10, so only its last login waits). */
    static final int TAR_PIT_FAILURES = 10;

    void succeeded(String username) {
        failures.remove(username);
    }

    /** Whether this login must continue with the TOTP page (the user has a second factor, and no flaw skips it). */
    boolean needsSecondFactor(Registry registry, Registry.User user) {
        return registry.totpSecrets.containsKey(user.username()) && !flaws.contains(Flaw.ACR_WITHOUT_MFA);
    }

    /** The amr of a password login: the ACR_WITHOUT_MFA flaw claims a second factor that was never asked for. */
    List<String> passwordAmr(Registry registry, Registry.User user) {
        return flaws.contains(Flaw.ACR_WITHOUT_MFA) && registry.totpSecrets.containsKey(user.username())
                ? List.of("pwd", "otp", "mfa") : List.of("pwd");
    }

    /** Compares {@code code} with the TOTP of this and the neighbouring 30-second steps (RFC 6238 §5.2). */
    boolean totpMatches(String secret, String code) {
        long now = clock.instant().getEpochSecond();
        boolean ok = false;
        for (long step = -1; step <= 1; step++) {
            ok |= MessageDigest.isEqual(Totp.code(secret, now + step * Totp.STEP_SECONDS).getBytes(StandardCharsets.US_ASCII),
                    code.trim().getBytes(StandardCharsets.US_ASCII));
        }
        return ok;
    }

    static String acr(List<String> amr) {
        return amr.contains("mfa") || amr.contains("otp") ? ACR_MFA : ACR_PASSWORD;
    }

    static String totpPage(String tx, String csrf, boolean failed) {
        return Pages.page("hitcert reference: second factor",
                (failed ? "<p id=\"error\" role=\"alert\">The code is not valid.</p>\n" : "")
                + "<form method=\"post\" action=\"/login/totp\" id=\"totp-form\">\n"
                + "<input type=\"hidden\" name=\"csrf\" value=\"" + Http.esc(csrf) + "\">\n"
                + "<input type=\"hidden\" name=\"tx\" value=\"" + Http.esc(tx) + "\">\n"
                + "<label for=\"totp\">Code from your authenticator app</label> <input id=\"totp\" name=\"totp\" "
                + "autocomplete=\"one-time-code\" inputmode=\"numeric\" required>\n"
                + "<button type=\"submit\" id=\"totp-submit\">Verify</button>\n</form>");
    }

    static String signedOut() {
        return Pages.page("hitcert reference: signed out", "<p id=\"signed-out\">You are signed out.</p>");
    }
}
