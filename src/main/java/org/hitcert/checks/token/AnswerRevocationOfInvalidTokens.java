package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Pkce;

/**
 * RFC 7009 §2.2: the server answers 200 also for an invalid token (a made-up one, an already revoked one), so a caller
 * learns nothing about token validity from revocation.
 */
public final class AnswerRevocationOfInvalidTokens implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.revocation.invalid-token", "Revoking a made-up or already revoked token answers 200",
                List.of("revocation-reveals-invalid"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        calls.endpoint("revocation", "revocation_endpoint");
        ClientSpec backend = calls.backend();
        HttpExchange madeUp = calls.revoke(backend, Pkce.random(32));
        String at = calls.backendTokens().get("access_token").asText();
        HttpExchange first = calls.revoke(backend, at);
        HttpExchange again = calls.revoke(backend, at);
        if (madeUp.status() != 200 || first.status() != 200 || again.status() != 200) {
            throw fail("revocation answered " + madeUp.status() + " for a made-up token, " + first.status() + " for a live one and "
                    + again.status() + " for the same one again; expected 200 for all (RFC 7009 §2.2)");
        }
        ctx.pass("200 for a made-up token, a live token and the already revoked token");
    }
}
