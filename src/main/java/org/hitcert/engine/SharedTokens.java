package org.hitcert.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;

/** Obtains the run's shared token response: one ordinary code flow with the public client and default user. */
final class SharedTokens {

    private SharedTokens() {
    }

    static JsonNode obtain(CheckContextImpl ctx) {
        ClientSpec client = org.hitcert.checks.Checks.browserClient(ctx.target());
        UserSpec user = org.hitcert.checks.Checks.user(ctx.target(), "default");
        // an ordinary login: it gives the run the signed-in session that checks needing only a code share
        org.hitcert.support.CodeFlow flow = ctx.sharingFlow();
        Authorization auth = flow.authorize(client, user, Map.of());
        String code = auth.param("code").orElseThrow(() -> new Inconclusive("the code flow gave no code ("
                + (auth.redirected() ? "response " + auth.response().keySet() : "stopped at " + auth.landedAt()
                + auth.loginProblem().map(p -> ": " + p).orElse("")) + ")"));
        HttpExchange token = flow.redeem(client, code, auth.redirectUri(), auth.pkce().verifier());
        JsonNode body = token.json().orElse(null);
        if (token.status() != 200 || body == null || !body.hasNonNull("access_token")) {
            throw new Inconclusive("the code did not redeem for an access token (" + token.summary() + ")");
        }
        return body;
    }
}
