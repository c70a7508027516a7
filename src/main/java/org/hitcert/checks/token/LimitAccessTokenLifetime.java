package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;

/**
 * SMART App Launch (access tokens should live at most an hour), SMART Backend Services (at most 300 s), RFC 6750 §5.3:
 * read expires_in (or a JWT's exp minus iat) of the shared user token and of a backend token. Graded SHOULD.
 */
public final class LimitAccessTokenLifetime implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.access-token.lifetime", "Access tokens are short-lived (user ≤ 1 h, backend ≤ 300 s)",
                List.of("access-token-long-lived"), List.of(), false).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        judge("user access token", ctx.sharedTokens(), 3600, problems, seen);
        try {
            judge("backend access token", new TokenCalls(ctx).backendTokens(), 300, problems, seen);
        } catch (Inconclusive | NotApplicable e) {
            ctx.note("backend", "no backend token judged: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw fail(String.join("; ", problems) + " (SMART App Launch, SMART Backend Services, RFC 6750 §5.3)");
        }
        ctx.pass(String.join("; ", seen));
    }

    static void judge(String what, JsonNode t, long max, List<String> problems, List<String> seen) {
        Long lifetime = t.path("expires_in").canConvertToLong() ? t.get("expires_in").asLong() : jwtLifetime(t.path("access_token").asText());
        if (lifetime == null) {
            problems.add(what + ": no expires_in and no readable exp, so the lifetime is unbounded as far as the client knows");
        } else if (lifetime > max) {
            problems.add(what + ": lifetime " + lifetime + " s, expected at most " + max + " s");
        } else {
            seen.add(what + " lives " + lifetime + " s (at most " + max + ")");
        }
    }

    private static Long jwtLifetime(String token) {
        try {
            var c = com.nimbusds.jwt.JWTParser.parse(token).getJWTClaimsSet();
            return c.getExpirationTime() == null || c.getIssueTime() == null ? null
                    : (c.getExpirationTime().getTime() - c.getIssueTime().getTime()) / 1000;
        } catch (java.text.ParseException | RuntimeException e) {
            return null;
        }
    }
}
