package org.hitcert.checks.heart;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.checks.clientauth.TokenAnswer;
import org.hitcert.checks.idtoken.OidcFlows;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.SecretRef;
import org.hitcert.support.ClientAuth;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Pkce;
import org.hitcert.support.Redactor;

/**
 * HEART OAuth 2.0, "Requests to the Token Endpoint": full clients (authorization code) and direct access clients
 * (client_credentials) authenticate with private_key_jwt only. So a client registered for private_key_jwt that sends a
 * client secret instead (one the suite made up: such a client has none) gets invalid_client, never a token: the
 * direct client (role backend) by client_secret_basic and client_secret_post, the full client (role confidential-jwt)
 * by client_secret_basic when it redeems a real code.
 */
public final class RefuseSecretsForJwtClients implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("heart.client-auth.private-key-jwt-only",
                "Clients registered for private_key_jwt get no token by a client secret",
                List.of("secret-auth-allowed-for-jwt-client"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        Optional<ClientSpec> direct = ctx.target().clientFor("backend", RefuseSecretsForJwtClients::jwt, false);
        Optional<ClientSpec> full = ctx.target().client("confidential-jwt").filter(RefuseSecretsForJwtClients::jwt);
        if (direct.isEmpty() && full.isEmpty()) {
            throw org.hitcert.checks.Checks.noClient("backend", "a private_key_jwt client (a HEART direct access client "
                    + "as role backend, or a full client as role confidential-jwt)");
        }
        URI token = ctx.target().endpoint("token").orElseThrow(() -> new Inconclusive("the candidate states no token endpoint"));
        ClientAuth auth = new ClientAuth(System::getenv, new Redactor());
        String madeUp = Pkce.random(24);
        ctx.http().registerSecret(madeUp, "made-up client secret"); // not a secret of the candidate's, but shaped like one
        List<String> seen = new ArrayList<>();
        if (direct.isPresent()) {
            for (String method : List.of("client_secret_basic", "client_secret_post")) {
                HttpExchange x = ctx.http().send(auth.tokenRequest(withMadeUpSecret(direct.get(), method, madeUp), token,
                        "grant_type", "client_credentials", "scope", direct.get().scope()));
                seen.add(judge(ctx, direct.get(), method, "client_credentials", TokenAnswer.of(x)));
            }
        }
        if (full.isPresent()) {
            Authorization a = ctx.flow().authorize(full.get(), OidcFlows.user(ctx, "default"), java.util.Map.of());
            Optional<String> code = a.param("code");
            if (code.isPresent()) {
                HttpExchange x = ctx.flow().redeem(withMadeUpSecret(full.get(), "client_secret_basic", madeUp), code.get(),
                        a.redirectUri(), a.pkce().verifier());
                seen.add(judge(ctx, full.get(), "client_secret_basic", "authorization_code", TokenAnswer.of(x)));
            } else if (seen.isEmpty()) {
                throw new Inconclusive("the full client " + full.get().clientId() + " got no code to redeem ("
                        + a.param("error").map(e -> "error=" + e).orElse("stopped at " + a.landedAt()) + ")");
            } else {
                ctx.note("full client not probed", "the code flow of " + full.get().clientId() + " gave no code");
            }
        }
        ctx.pass(String.join("; ", seen));
    }

    private static boolean jwt(ClientSpec c) {
        return c.authMethod().equals("private_key_jwt");
    }

    /** {@code client} authenticating by {@code method} with a random secret: a private_key_jwt client has none. */
    static ClientSpec withMadeUpSecret(ClientSpec client, String method, String secret) {
        return new ClientSpec(client.role(), client.clientId(), method,
                Optional.of(SecretRef.inMemory("made-up client secret", secret)), Optional.empty(),
                client.redirectUris(), client.scope(), client.location());
    }

    /** The failure, when the token endpoint released a token to a private_key_jwt client authenticated by a secret. */
    static Optional<String> failure(String clientId, String method, String grant, TokenAnswer a) {
        return a.tokenIssued() ? Optional.of("the private_key_jwt client " + clientId + " got an access token (" + grant
                + ") by " + method + " with a made-up secret: HEART full and direct access clients authenticate with "
                + "private_key_jwt only (Requests to the Token Endpoint); expected invalid_client") : Optional.empty();
    }

    private static String judge(CheckContext ctx, ClientSpec client, String method, String grant, TokenAnswer a) {
        Optional<String> failure = failure(client.clientId(), method, grant, a);
        if (failure.isPresent()) {
            throw fail(failure.get());
        }
        if (!a.invalidClient()) {
            ctx.note("error code", method + " for " + client.clientId() + ": expected invalid_client (RFC 6749 §5.2), got "
                    + a.describe());
        }
        return method + " for " + client.clientId() + " (" + grant + ") refused: " + a.describe();
    }
}
