package org.hitcert.checks.login;

import static org.hitcert.checks.Checks.fail;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.idtoken.OidcFlows;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.support.Jwt;

/**
 * OIDC Core §3.1.2.1 and §3.1.2.3: prompt=login makes the server authenticate the user again although a session
 * exists, and max_age makes it do so when the last authentication is older. Driven through the candidate's own login
 * steps in one browser: a login, then the same request with prompt=login, then with max_age=1. A re-authentication is
 * counted only when the login steps entered credentials again in this browser AND the ID token's auth_time (REQUIRED
 * when max_age was sent, OIDC Core §2) moved: auth_time alone moves with any other login of the same account.
 */
public final class RequireReauthentication implements Check {

    /** How far auth_time may stray from the suite's clock around the login it reports (server clock skew). */
    static final long SKEW_SECONDS = 300;

    @Override
    public CheckInfo info() {
        return new CheckInfo("login.reauth.prompt-max-age",
                "prompt=login and an exceeded max_age make the user log in again, as auth_time shows",
                List.of("prompt-login-ignored", "max-age-ignored", "auth-time-zero"), List.of(), true).takesLong();
    }

    private static final String GENEROUS_MAX_AGE = "3600";

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = OidcFlows.browserClient(ctx);
        UserSpec user = OidcFlows.user(ctx, "default");
        ctx.browser().clearSession();
        long started = System.currentTimeMillis() / 1000;
        // a generous max_age makes auth_time REQUIRED (OIDC Core §2) without asking for a new login; without it
        // auth_time is OPTIONAL and a server may leave it out
        Login firstLogin = login(ctx, client, user, Map.of("max_age", GENEROUS_MAX_AGE), "the first login");
        if (!firstLogin.credentialsEntered()) {
            throw new Inconclusive("the first flow, in a browser with no session, gave a code without the candidate's login "
                    + "steps entering credentials: a later re-authentication could not be told from none");
        }
        long first = firstLogin.authTime().orElseThrow(() -> new Inconclusive("the ID token of a fresh login carries no auth_time, so a later "
                        + "re-authentication cannot be told from a reused session"));
        long now = System.currentTimeMillis() / 1000;
        if (first < started - SKEW_SECONDS || first > now + SKEW_SECONDS) {
            throw fail("the ID token of a fresh login, whose form the candidate's login steps filled between " + started
                    + " and " + now + ", says auth_time " + first + " (" + java.time.Instant.ofEpochSecond(first) + "): not the "
                    + "time of that authentication (OIDC Core §2), so no client can tell a new login after prompt=login or "
                    + "max_age from an old session (§3.1.2.1)");
        }
        waitUntilAfter(ctx, first + 1);
        Login secondLogin = login(ctx, client, user, Map.of("prompt", "login", "max_age", GENEROUS_MAX_AGE), "prompt=login");
        if (!secondLogin.credentialsEntered()) {
            throw fail("with prompt=login and a live session a code came back without the login form being shown (none of "
                    + "the candidate's login steps entered credentials; auth_time " + secondLogin.authTime().map(String::valueOf)
                    .orElse("absent") + "): the session was reused silently; OIDC Core §3.1.2.1 requires re-authentication");
        }
        Optional<Long> second = secondLogin.authTime();
        if (second.isEmpty()) {
            throw new Inconclusive("the ID token after prompt=login carries no auth_time; whether the user was asked again "
                    + "cannot be seen");
        }
        if (second.get() <= first) {
            throw fail("after prompt=login the ID token's auth_time is still " + second.get() + " (the first login's "
                    + first + "): the session was reused silently; OIDC Core §3.1.2.1 requires re-authentication");
        }
        waitUntilAfter(ctx, second.get() + 2);
        Login thirdLogin = login(ctx, client, user, Map.of("max_age", "1"), "max_age=1");
        if (!thirdLogin.credentialsEntered()) {
            throw fail("with max_age=1 and a login " + (System.currentTimeMillis() / 1000 - second.get()) + " s old, a code "
                    + "came back without the login form being shown (none of the candidate's login steps entered credentials;"
                    + " auth_time " + thirdLogin.authTime().map(String::valueOf).orElse("absent") + "): the old session was "
                    + "reused; OIDC Core §3.1.2.1 requires a new authentication");
        }
        long third = thirdLogin.authTime().orElseThrow(() -> fail(
                "the ID token for a request with max_age carries no auth_time (OIDC Core §2: REQUIRED then)"));
        if (third <= second.get()) {
            throw fail("with max_age=1 and a login " + (System.currentTimeMillis() / 1000 - second.get()) + " s old, the "
                    + "ID token's auth_time is still " + third + ": the old session was reused; OIDC Core §3.1.2.1 "
                    + "requires a new authentication");
        }
        ctx.pass("auth_time " + first + " → " + second.get() + " after prompt=login → " + third + " after max_age=1: "
                + "the login form was shown and filled each time, and auth_time moved with it");
    }

    /**
     * A code flow's ID token auth_time, and whether the candidate's login steps entered credentials in it (a step
     * other than a consent step acted on the page). auth_time alone proves nothing: another browser's login of the
     * same account moves it too.
     */
    record Login(Optional<Long> authTime, boolean credentialsEntered) {
    }

    private static Login login(CheckContext ctx, ClientSpec client, UserSpec user, Map<String, String> overrides, String what) {
        Jwt idToken = OidcFlows.idToken(ctx, OidcFlows.codeFlow(ctx, client, user, overrides).response(), client.scope());
        boolean entered = ctx.browser().performedSteps().stream().anyMatch(s -> !s.consent());
        ctx.note("auth_time after " + what, idToken.time("auth_time").map(String::valueOf).orElse("absent")
                + (entered ? ", after the login steps entered credentials" : ", with no login step performed"));
        return new Login(idToken.time("auth_time"), entered);
    }

    /**
     * Waits until the clock is past {@code epochSecond}, at most 3 s, through {@link CheckContext#pause}: other checks
     * run meanwhile.
     */
    private static void waitUntilAfter(CheckContext ctx, long epochSecond) {
        long millis = Math.min(3000, (epochSecond + 1) * 1000 - System.currentTimeMillis());
        if (millis <= 0) {
            return;
        }
        try {
            ctx.pause(java.time.Duration.ofMillis(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Inconclusive("interrupted while waiting for the clock");
        }
    }
}
