package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import java.util.ArrayList;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.clientauth.TokenAnswer;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.UserSpec;

/**
 * RFC 9700 §2.4: the resource owner password credentials grant must not be used. The default user's valid credentials
 * are sent with grant_type=password by each user-facing client; no access token may come back.
 */
public final class RefusePasswordGrant implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.password-grant.refused", "The resource owner password grant is refused",
                List.of("ropc-enabled"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        UserSpec user = ctx.target().user("default").orElseThrow(() -> new Inconclusive("no default test user"));
        String password = user.password().resolve(System::getenv).orElseThrow(() -> new Inconclusive(
                "the test user's password is not set: export " + user.password()));
        List<String> answers = new ArrayList<>();
        List<String> issued = new ArrayList<>();
        for (String role : List.of("public", "confidential")) {
            ClientSpec client = ctx.target().client(role).orElse(null);
            if (client == null) {
                continue;
            }
            TokenAnswer a = TokenAnswer.of(calls.post(client, calls.token(), "grant_type", "password", "username", user.username(),
                    "password", password, "scope", client.scope()));
            String line = role + " client " + client.clientId() + " → " + a.describe();
            answers.add(line);
            if (a.tokenIssued()) {
                issued.add(line);
            }
        }
        if (answers.isEmpty()) {
            throw new Inconclusive("no public or confidential client to try the password grant with");
        }
        if (!issued.isEmpty()) {
            throw fail("grant_type=password with the test user's valid credentials released tokens: " + String.join("; ", issued)
                    + "; expected unsupported_grant_type or unauthorized_client (RFC 9700 §2.4)");
        }
        ctx.pass("grant_type=password refused: " + String.join("; ", answers));
    }
}
