package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.clientauth.TokenAnswer;
import org.hitcert.model.Candidate.ClientSpec;

/**
 * RFC 6749 §6 and §10.4, SMART App Launch: a refresh token is bound to the client it was issued to. The public client's
 * refresh token is presented by another registered client (the "second" client, else any other).
 */
public final class BindRefreshTokenToClient implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.refresh.client-bound", "A refresh token works only for its own client",
                List.of("refresh-not-client-bound"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        ClientSpec owner = calls.publicClient();
        ClientSpec other = ctx.target().client("second").or(() -> ctx.target().clients().stream()
                .filter(c -> !c.clientId().equals(owner.clientId()) && !c.authMethod().equals("private_key_jwt")).findFirst())
                .orElseThrow(() -> new Inconclusive("no second client to present the refresh token with"));
        JsonNode t = calls.publicTokensWithRefresh();
        TokenAnswer a = TokenAnswer.of(calls.refresh(other, t.get("refresh_token").asText()));
        if (a.tokenIssued()) {
            throw fail("client " + owner.clientId() + "'s refresh token, presented by client " + other.clientId() + ", got "
                    + a.describe() + "; expected invalid_grant (RFC 6749 §6, §10.4)");
        }
        ctx.pass("client " + owner.clientId() + "'s refresh token presented by " + other.clientId() + " → " + a.describe());
    }
}
