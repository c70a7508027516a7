package org.hitcert.checks.clientauth;

import static org.hitcert.checks.Checks.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;

/**
 * RFC 7523 §2.2 and §3, SMART asymmetric client authentication (servers support RS384 and ES384): a well-formed
 * assertion authenticates the client. Every private_key_jwt client the candidate names for client_credentials gets a
 * request with the baseline assertion; every confidential private_key_jwt client (role {@code confidential} or
 * {@code confidential-jwt}) redeems a code from a browser flow with one.
 */
public final class AcceptBaselineAssertion implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("clientauth.assertion.baseline", "A well-formed private_key_jwt assertion authenticates the client",
                List.of("assertion-es384-refused", "assertion-refused-for-code"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        List<ClientSpec> clients = AssertionProbe.keyClients(ctx);
        List<ClientSpec> codeClients = AssertionProbe.codeKeyClients(ctx);
        if (clients.isEmpty() && codeClients.isEmpty()) {
            AssertionProbe.open(ctx); // NOT_APPLICABLE or INCONCLUSIVE with the reason
        }
        List<String> seen = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        if (clients.isEmpty()) {
            ctx.note("client_credentials", "the candidate names no private_key_jwt client for client_credentials, so only "
                    + "authorization_code was tried");
        }
        for (ClientSpec c : clients) {
            AssertionProbe probe = AssertionProbe.open(ctx).forClient(c);
            TokenAnswer answer = probe.baselineUnlessLocked(); // a throttled client is waited for, or INCONCLUSIVE
            String line = "client " + c.clientId() + " (" + probe.assertions().baselineAlg() + ", client_credentials) → "
                    + answer.describe();
            (answer.tokenIssued() ? seen : refused).add(line);
        }
        for (ClientSpec c : codeClients) {
            Authorization auth = ctx.flow().authorize(c, ctx.target().user("default")
                    .orElseThrow(() -> new Inconclusive("no default test user")), Map.of());
            String code = auth.param("code").orElseThrow(() -> new Inconclusive("the code flow of client " + c.clientId()
                    + " gave no code (" + (auth.redirected() ? "response " + auth.response().keySet() : "stopped at "
                    + auth.landedAt()) + "), so its token request could not be tried"));
            HttpExchange x = ctx.flow().redeem(c, code, auth.redirectUri(), auth.pkce().verifier());
            TokenAnswer answer = TokenAnswer.of(x);
            (answer.tokenIssued() ? seen : refused).add("client " + c.clientId() + " (authorization_code) → " + answer.describe());
        }
        if (codeClients.isEmpty()) {
            ctx.note("authorization_code", "the candidate names no confidential client with auth-method private_key_jwt "
                    + "(role confidential or confidential-jwt), so only client_credentials was tried");
        }
        if (!refused.isEmpty()) {
            throw fail("a baseline assertion (registered kid, iss = sub = client_id, aud = token URL, exp now+60 s, fresh jti) "
                    + "was refused: " + String.join("; ", refused) + "; expected a token (RFC 7523 §2.2, §3; SMART asymmetric "
                    + "client authentication requires RS384 and ES384 support)");
        }
        if (seen.isEmpty()) {
            throw new NotApplicable("no private_key_jwt client to try");
        }
        ctx.pass("baseline assertions accepted: " + String.join("; ", seen));
    }
}
