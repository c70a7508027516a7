package org.hitcert.checks.login;

import static org.hitcert.checks.Checks.fail;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.checks.idtoken.OidcFlows;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.LoginStep;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.model.ParamSpec;
import org.hitcert.model.SecretRef;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.Pkce;

/**
 * RFC 6819 §5.1.4.2.3 (lock accounts) and §5.1.4.2.5 (tar pit): online guessing of a user's password is slowed or
 * stopped. Against the candidate's dedicated {@code lockout} account only (never the main test user, whose lockout
 * would break every other check): a baseline login with the right password, then {@code attempts} wrong passwords,
 * then the right one again. PASS when that last login does not go straight through (lockout, CAPTCHA or step-up page,
 * error) or the server takes at least {@code min-delay-seconds} longer than at the baseline to answer its password
 * submission (a tar pit; {@link SubmissionAnswers}); FAIL when it logs straight in.
 */
public final class ThrottleRepeatedLoginFailures implements Check {

    static final ParamSpec ATTEMPTS = new ParamSpec("attempts", ParamSpec.Type.INTEGER, 10,
            "wrong passwords sent before the right one (1 to 30); the dedicated lockout account stays locked afterwards "
                    + "for as long as the candidate's policy says");
    static final ParamSpec MIN_DELAY = new ParamSpec("min-delay-seconds", ParamSpec.Type.INTEGER, 5,
            "a last login that takes at least this long counts as throttled (a tar pit)");

    @Override
    public CheckInfo info() {
        return new CheckInfo("login.lockout.bounded-attempts",
                "After repeated wrong passwords the right one no longer logs in at once (lockout, delay or CAPTCHA)",
                List.of("no-lockout"), List.of(ATTEMPTS, MIN_DELAY), true).takesLong().browserFlows(2).browserFlowsPer(ATTEMPTS)
                .readsNetworkEvents(); // the server's answer time to each password submission (SubmissionAnswers)
    }

    @Override
    public void run(CheckContext ctx) {
        UserSpec user = ctx.target().user("lockout").orElseThrow(() -> org.hitcert.checks.Inconclusive.notAssessed("a user with role "
                + "lockout (the suite sends wrong passwords only to such a dedicated account, never to the main test user)",
                "a dedicated account under users: { role: lockout, username: ..., password: ${env:NAME} }"));
        long attempts = ctx.params().integer(ATTEMPTS);
        if (attempts < 1 || attempts > 30) {
            throw new Inconclusive("the plan's attempts is " + attempts + "; it must be 1 to 30");
        }
        ClientSpec client = OidcFlows.browserClient(ctx);
        List<LoginStep> steps = LoginAttempt.passwordSteps(ctx.target().login());
        if (steps.isEmpty()) {
            throw new Inconclusive("the candidate's login steps have no required step to submit a password with");
        }

        Attempt baseline = attempt(ctx, client, user, steps);
        if (baseline.outcome() != LoginAttempt.Outcome.LOGGED_IN) {
            throw new Inconclusive("the baseline login of the lockout account with its right password did not get past "
                    + "the login (" + baseline.describe() + "); without a working baseline a refusal later proves nothing");
        }
        UserSpec wrong = new UserSpec(user.role(), user.username(),
                SecretRef.inMemory("a wrong password", "Wrong-" + Pkce.random(12)), user.location());
        for (int i = 1; i <= attempts; i++) {
            Attempt a = attempt(ctx, client, wrong, steps);
            if (a.outcome() == LoginAttempt.Outcome.LOGGED_IN) {
                throw new Inconclusive("wrong password #" + i + " got past the login (" + a.describe() + "); the login "
                        + "steps do not seem to submit the password");
            }
        }
        Attempt last = attempt(ctx, client, user, steps);
        ctx.note("attempts", "baseline: " + baseline.describe() + "; " + attempts + " wrong passwords; then: "
                + last.describe());
        long minDelay = ctx.params().integer(MIN_DELAY);
        // the tar pit is how much longer the server took to answer the password submission than at the baseline; where
        // the browser logs no network events, how much longer the whole login took (a loaded machine stretches that alone)
        boolean answered = baseline.answerMillis().isPresent() && last.answerMillis().isPresent();
        long extra = answered ? last.answerMillis().getAsLong() - baseline.answerMillis().getAsLong()
                : last.millis() - baseline.millis();
        String measured = answered ? "the server answered the password submission in " + last.answerMillis().getAsLong()
                + " ms against " + baseline.answerMillis().getAsLong() + " ms at the baseline"
                : "the login took " + last.millis() + " ms against " + baseline.millis() + " ms at the baseline (the browser "
                        + "logged no submission to time)";
        if (last.outcome() == LoginAttempt.Outcome.LOGGED_IN && extra < minDelay * 1000) {
            throw fail("after " + attempts + " wrong passwords for the lockout account, the right password logged in at "
                    + "once (" + last.describe() + "; " + measured + "): no lockout, delay of " + minDelay + " s or more, "
                    + "or CAPTCHA; RFC 6819 §5.1.4.2.3 and §5.1.4.2.5 recommend locking or slowing online password guessing");
        }
        ctx.browser().screenshot("login after " + attempts + " wrong passwords");
        ctx.pass(last.outcome() == LoginAttempt.Outcome.LOGGED_IN
                ? "after " + attempts + " wrong passwords the right one logged in only after a delay: " + measured
                        + " (" + extra / 1000 + " s more): throttled"
                : "after " + attempts + " wrong passwords the right one no longer logged in at once ("
                        + last.describe() + "), though it did at the baseline");
    }

    /** One login: how it ended, the whole flow's time, and the server's answer time to its slowest submission. */
    private record Attempt(LoginAttempt.Outcome outcome, String landedAt, long millis, OptionalLong answerMillis) {
        String describe() {
            return switch (outcome) {
                case LOGGED_IN -> "logged in";
                case LOGIN_AGAIN -> "the login form again";
                case ELSEWHERE -> "stopped at " + landedAt;
            } + ", " + millis + " ms";
        }
    }

    private static Attempt attempt(CheckContext ctx, ClientSpec client, UserSpec user, List<LoginStep> steps) {
        ctx.browser().clearSession();
        ctx.browser().networkEvents(); // only this attempt's events below
        LoginAttempt watch = new LoginAttempt(ctx.browser(), ctx.flow().redirectUri(client), ctx.target().login());
        long start = System.nanoTime();
        Authorization auth = ctx.flow().authorize(client, user, Map.of(), watch, steps);
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Attempt(watch.outcome(), auth.landedAt(), millis, SubmissionAnswers.slowestMillis(ctx.browser().networkEvents()));
    }
}
