package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;

/**
 * RFC 7009 §2.1: the server authenticates a confidential client and checks that the token was issued to it. The backend
 * client's live access token is revoked by another client, then by a request naming the backend client_id without
 * authenticating; the token must stay usable (introspection active, or the FHIR API still serving it).
 */
public final class RequireRevocationAuthorization implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.revocation.authorization", "Only the authenticated owning client can revoke its token",
                List.of("revocation-unauthenticated"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        var endpoint = calls.endpoint("revocation", "revocation_endpoint");
        ClientSpec backend = calls.backend();
        String at = calls.backendTokens().get("access_token").asText();
        // the foreign client must authenticate at the revocation endpoint, or its refused request shows nothing
        List<String> passedOver = new java.util.ArrayList<>();
        ClientSpec other = ctx.target().clients().stream().filter(c -> !c.clientId().equals(backend.clientId()))
                .filter(c -> !c.authMethod().equals("private_key_jwt") || c.privateKey().isPresent())
                .filter(c -> {
                    java.util.Optional<String> why = calls.authenticatesAt(c, endpoint);
                    why.ifPresent(passedOver::add);
                    return why.isEmpty();
                }).findFirst()
                .orElseThrow(() -> new Inconclusive("no second client that authenticates at the revocation endpoint to "
                        + "attempt a foreign revocation with" + (passedOver.isEmpty() ? "" : ": " + String.join("; ", passedOver))));
        if (!alive(calls, at, backend)) {
            throw new Inconclusive("client " + backend.clientId() + "'s fresh access token did not show as working before any"
                    + " revocation, so its state afterwards would prove nothing");
        }
        HttpExchange foreign = calls.revoke(other, at);
        boolean aliveAfterForeign = alive(calls, at, backend);
        HttpExchange unauthenticated = ctx.http().send(HttpRequestSpec.postForm(endpoint, "token", at, "client_id", backend.clientId()));
        boolean aliveAfterUnauthenticated = alive(calls, at, backend);
        if (!aliveAfterForeign) {
            throw fail("client " + other.clientId() + " revoked client " + backend.clientId() + "'s access token (answer "
                    + foreign.status() + "); expected the token to stay active (RFC 7009 §2.1)");
        }
        if (!aliveAfterUnauthenticated) {
            throw fail("a revocation request naming client_id " + backend.clientId() + " without authenticating revoked its access "
                    + "token (answer " + unauthenticated.status() + "); expected invalid_client and the token still active (RFC 7009 §2.1)");
        }
        if (unauthenticated.status() != 401 && unauthenticated.status() != 400) {
            ctx.note("status", "the unauthenticated revocation answered " + unauthenticated.status() + " (expected invalid_client)");
        }
        ctx.pass("token still active after revocation by " + other.clientId() + " (" + foreign.status() + ") and by an "
                + "unauthenticated request (" + unauthenticated.status() + ")");
    }

    private static boolean alive(TokenCalls calls, String at, ClientSpec owner) {
        return calls.usable(at, null, owner).orElseThrow(() -> new Inconclusive(
                "neither the FHIR API nor introspection tells whether the token still works"));
    }
}
