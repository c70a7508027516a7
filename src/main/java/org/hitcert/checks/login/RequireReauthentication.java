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
 * exists, and max_age makes it do so when the last authentication is older; the fresh login shows in the ID
 * token's auth_time (REQUIRED when max_age was sent, OIDC Core §2). Driven through the candidate's own login
 * steps in one browser: a login, then the same request with prompt=login, then with max_age=1.
 */
public final class RequireReauthentication implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("login.reauth.prompt-max-age",
                "prompt=login and an exceeded max_age make the user log in again, as auth_time shows",
                List.of("prompt-login-ignored", "max-age-ignored"), List.of(), true).takesLong();
    }

    private static final String GENEROUS_MAX_AGE = "3600";

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = OidcFlows.browserClient(ctx);
        UserSpec user = OidcFlows.user(ctx, "default");
        ctx.browser().clearSession();
        // a generous max_age makes auth_time REQUIRED (OIDC Core §2) without asking for a new login; without it
        // auth_time is OPTIONAL and a server may leave it out
        long first = authTime(ctx, client, user, Map.of("max_age", GENEROUS_MAX_AGE), "the first login")
                .orElseThrow(() -> new Inconclusive("the ID token of a fresh login carries no auth_time, so a later "
                        + "re-authentication cannot be told from a reused session"));
        waitUntilAfter(ctx, first + 1);
        Optional<Long> second = authTime(ctx, client, user, Map.of("prompt", "login", "max_age", GENEROUS_MAX_AGE),
                "prompt=login");
        if (second.isEmpty()) {
            throw new Inconclusive("the ID token after prompt=login carries no auth_time; whether the user was asked again "
                    + "cannot be seen");
        }
        if (second.get() <= first) {
            throw fail("after prompt=login the ID token's auth_time is still " + second.get() + " (the first login's "
                    + first + "): the session was reused silently; OIDC Core §3.1.2.1 requires re-authentication");
        }
        waitUntilAfter(ctx, second.get() + 2);
        long third = authTime(ctx, client, user, Map.of("max_age", "1"), "max_age=1").orElseThrow(() -> fail(
                "the ID token for a request with max_age carries no auth_time (OIDC Core §2: REQUIRED then)"));
        if (third <= second.get()) {
            throw fail("with max_age=1 and a login " + (System.currentTimeMillis() / 1000 - second.get()) + " s old, the "
                    + "ID token's auth_time is still " + third + ": the old session was reused; OIDC Core §3.1.2.1 "
                    + "requires a new authentication");
        }
        ctx.pass("auth_time " + first + " → " + second.get() + " after prompt=login → " + third + " after max_age=1: "
                + "the user was authenticated again each time");
    }

    private static Optional<Long> authTime(CheckContext ctx, ClientSpec client, UserSpec user, Map<String, String> overrides,
                                           String what) {
        Jwt idToken = OidcFlows.idToken(ctx, OidcFlows.codeFlow(ctx, client, user, overrides).response(), client.scope());
        ctx.note("auth_time after " + what, String.valueOf(idToken.time("auth_time").orElse(null)));
        return idToken.time("auth_time");
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
