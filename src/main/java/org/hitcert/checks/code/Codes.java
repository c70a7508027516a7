package org.hitcert.checks.code;

import java.util.Map;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;

/** Fresh authorization codes for the code-lifecycle checks, and how to read a token response's outcome. */
final class Codes {

    private Codes() {
    }

    static ClientSpec browserClient(CheckContext ctx) {
        return org.hitcert.checks.Checks.browserClient(ctx.target());
    }

    /** A valid authorization response with a code (S256 PKCE); INCONCLUSIVE when the flow does not give one. */
    static Authorization fresh(CheckContext ctx, ClientSpec client) {
        return fresh(ctx, client, Map.of());
    }

    /** As {@link #fresh(CheckContext, ClientSpec)}, with {@code overrides} of the authorization request's parameters. */
    static Authorization fresh(CheckContext ctx, ClientSpec client, Map<String, String> overrides) {
        Authorization a = ctx.flow().authorize(client, org.hitcert.checks.Checks.user(ctx.target(), "default"), overrides);
        if (!a.redirected() || a.param("code").isEmpty()) {
            throw new Inconclusive("a valid authorization request gave no code (" + (a.redirected()
                    ? "error=" + a.param("error").orElse("none") : "stopped at " + a.landedAt()
                    + a.loginProblem().map(p -> ": " + p).orElse("")) + "), so the code cannot be tested");
        }
        return a;
    }

    /** Whether the token endpoint released an access token. */
    static boolean released(HttpExchange x) {
        return x.status() / 100 == 2 && x.json().map(j -> j.hasNonNull("access_token")).orElse(false);
    }

    /** "400 invalid_grant" style summary of a refusal. */
    static String outcome(HttpExchange x) {
        return x.status() + x.json().map(j -> j.path("error").asText("")).filter(s -> !s.isEmpty()).map(s -> " " + s).orElse("");
    }
}
