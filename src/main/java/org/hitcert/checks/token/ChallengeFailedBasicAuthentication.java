package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import java.util.List;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.NotApplicable;
import org.hitcert.checks.Checks;
import org.hitcert.checks.clientauth.TokenAnswer;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;

/**
 * RFC 6749 §5.2: a client that authenticated through the Authorization header and failed gets 401 with a
 * WWW-Authenticate challenge for the scheme it used, and error=invalid_client. Sent: the confidential client's id with a
 * made-up secret through HTTP Basic, in a token request that the registered credential gets another answer to
 * ({@link WrongSecretTrial}: else the refusal may not be about the secret, and the check is INCONCLUSIVE).
 */
public final class ChallengeFailedBasicAuthentication implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.client-secret-basic.challenge",
                "A wrong client secret through HTTP Basic gets 401, a Basic challenge and invalid_client",
                List.of("basic-no-challenge"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = ctx.target().clients().stream().filter(c -> c.authMethod().equals("client_secret_basic")).findFirst()
                .orElseThrow(() -> ctx.target().discovery().map(d -> Checks.arrayContains(d, "token_endpoint_auth_methods_supported",
                        "client_secret_basic")).orElse(true)
                        ? Checks.noClient("confidential", "a client_secret_basic client")
                        : new NotApplicable("token_endpoint_auth_methods_supported does not list client_secret_basic"));
        WrongSecretTrial.Trial trial = WrongSecretTrial.find(ctx, client);
        HttpExchange x = trial.wrong();
        TokenAnswer a = TokenAnswer.of(x);
        if (a.tokenIssued()) {
            throw fail("a wrong client secret through HTTP Basic got " + a.describe() + "; expected 401 invalid_client (RFC 6749 §5.2)");
        }
        Optional<String> challenge = x.headerValues("WWW-Authenticate").stream()
                .filter(v -> v.trim().regionMatches(true, 0, "Basic", 0, 5)).findFirst();
        if (x.status() != 401 || challenge.isEmpty() || !a.invalidClient()) {
            throw fail("a wrong client secret through HTTP Basic got " + a.describe() + " with WWW-Authenticate "
                    + (x.headerValues("WWW-Authenticate").isEmpty() ? "absent" : x.headerValues("WWW-Authenticate"))
                    + " (" + trial.describe() + ", so the secret was judged); expected 401, WWW-Authenticate: Basic and error=invalid_client (RFC 6749 §5.2)");
        }
        ctx.pass("401 invalid_client with challenge '" + challenge.get() + "' for client " + client.clientId() + " and a wrong secret");
    }
}
