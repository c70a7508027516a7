package org.hitcert.checks.idtoken;

import static org.hitcert.checks.Checks.fail;

import java.util.List;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.ParamSpec;
import org.hitcert.support.Jwt;

/**
 * OIDC Core §2: exp and iat are REQUIRED; iat is not in the future and exp comes after it. OIDC gives no number
 * for the lifetime: the plan's {@code max-lifetime-seconds} says what "short" means (default one hour).
 */
public final class EnsureIdTokenLifetime implements Check {

    static final ParamSpec MAX_LIFETIME = new ParamSpec("max-lifetime-seconds", ParamSpec.Type.INTEGER, 3600,
            "the longest exp - iat accepted for an ID token, in seconds");
    static final long SKEW_SECONDS = 300;

    @Override
    public CheckInfo info() {
        return new CheckInfo("idtoken.time.short-lived",
                "ID tokens carry iat and exp, iat is not in the future, and the lifetime is short",
                List.of("id-token-long-lived"), List.of(MAX_LIFETIME), false);
    }

    @Override
    public void run(CheckContext ctx) {
        Jwt idToken = OidcFlows.sharedIdToken(ctx);
        long max = ctx.params().integer(MAX_LIFETIME);
        long now = System.currentTimeMillis() / 1000;
        Optional<String> problem = problem(idToken, now, max);
        if (problem.isPresent()) {
            throw fail(problem.get());
        }
        long iat = idToken.time("iat").orElseThrow();
        ctx.pass("iat " + iat + " (" + (now - iat) + " s ago), lifetime " + (idToken.time("exp").orElseThrow() - iat)
                + " s, at most " + max + " s accepted");
    }

    static Optional<String> problem(Jwt idToken, long now, long maxLifetime) {
        Optional<Long> iat = idToken.time("iat");
        Optional<Long> exp = idToken.time("exp");
        if (iat.isEmpty() || exp.isEmpty()) {
            return Optional.of("the ID token lacks " + (iat.isEmpty() ? "iat" : "exp") + " or it is not a number "
                    + "(OIDC Core §2: exp and iat are REQUIRED NumericDates)");
        }
        if (iat.get() > now + SKEW_SECONDS) {
            return Optional.of("the ID token's iat " + iat.get() + " is " + (iat.get() - now) + " s in the future (OIDC Core §2)");
        }
        if (exp.get() <= iat.get()) {
            return Optional.of("the ID token's exp " + exp.get() + " is not after its iat " + iat.get() + " (OIDC Core §2)");
        }
        if (exp.get() - iat.get() > maxLifetime) {
            return Optional.of("the ID token lives " + (exp.get() - iat.get()) + " s (exp - iat); at most " + maxLifetime
                    + " s expected by the plan (OIDC Core §2: ID tokens are short-lived assertions)");
        }
        return Optional.empty();
    }
}
