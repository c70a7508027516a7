package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.clientauth.TokenAnswer;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;

/**
 * RFC 6749 §3.2.1 and §4.1.3, RFC 9700 §2.5: a confidential client must authenticate to redeem its code. A code issued
 * to the confidential client is redeemed with client_id only (the correct code, redirect URI and verifier, no secret).
 */
public final class RequireConfidentialClientAuthentication implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.client-authentication.required", "A confidential client cannot redeem its code without authenticating",
                List.of("confidential-unauthenticated"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = ctx.target().clientFor("confidential", c -> !c.authMethod().equals("none"), false)
                .orElseThrow(() -> org.hitcert.checks.Checks.noClient("confidential", "a confidential client"));
        Authorization a = ctx.flow().authorize(client, ctx.target().user("default")
                .orElseThrow(() -> new Inconclusive("no default test user")), Map.of());
        String code = a.param("code").orElseThrow(() -> new Inconclusive("the confidential client's code flow gave no code"));
        ClientSpec unauthenticated = new ClientSpec(client.role(), client.clientId(), "none", java.util.Optional.empty(),
                java.util.Optional.empty(), client.redirectUris(), client.scope(), client.location());
        HttpExchange x = ctx.flow().redeem(unauthenticated, code, a.redirectUri(), a.pkce().verifier());
        TokenAnswer answer = TokenAnswer.of(x);
        if (answer.tokenIssued()) {
            throw fail("confidential client " + client.clientId() + "'s code redeemed with client_id only (no " + client.authMethod()
                    + ") got " + answer.describe() + "; expected invalid_client (RFC 6749 §3.2.1, §4.1.3)");
        }
        if (!answer.invalidClient()) {
            ctx.note("error code", "refused with " + answer.describe() + "; RFC 6749 §5.2 names invalid_client");
        }
        ctx.pass("code redeemed with client_id only → " + answer.describe());
    }
}
