package org.hitcert.checks.code;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.token.TwinRequest;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;

/**
 * RFC 6749 §4.1.3 and §10.6, RFC 6819 §5.2.4.4–5, RFC 9700 §4.5.2: a code redeems only for the client it was issued
 * to and with the redirect_uri of its authorization request. Each case uses a fresh code and the right verifier,
 * and changes one thing: another redirect_uri is sent, or none is, or another client redeems it. Each refusal stands
 * beside its twin (issue 17 §2): a fresh code of the same client redeemed as issued, and the other client redeeming a
 * fresh code of its own (so a refusal is not that client's failed authentication). Without a second client the
 * client half is not assessed: INCONCLUSIVE once the redirect half passed.
 */
public final class BindCodeToClientAndRedirect implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.code.bound",
                "A code redeems only for its client and with its redirect_uri",
                List.of("code-not-client-bound"), List.of(), true).sharesLogin();
    }

    /** The client to present another client's code with: the "second" client, else another code-flow client. */
    static Optional<ClientSpec> otherClient(CheckContext ctx, ClientSpec client) {
        return ctx.target().client("second").filter(c -> !c.clientId().equals(client.clientId()))
                .or(() -> ctx.target().clients().stream().filter(c -> !c.clientId().equals(client.clientId())
                        && !c.role().startsWith("backend") && !c.redirectUris().isEmpty()).findFirst());
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Codes.browserClient(ctx);
        Map<String, HttpExchange> refused = new LinkedHashMap<>();
        Authorization b = Codes.fresh(ctx, client);
        URI otherRedirect = URI.create(b.redirectUri() + (b.redirectUri().getRawQuery() == null ? "?" : "&") + "hitcert=other");
        HttpExchange y = ctx.flow().redeem(client, b.param("code").get(), otherRedirect, b.pkce().verifier());
        if (Codes.released(y)) {
            throw fail("a code redeemed with redirect_uri " + otherRedirect + " though it was issued for " + b.redirectUri() + " ("
                    + y.summary() + "): expected invalid_grant (RFC 6749 §4.1.3: identical redirect_uri)");
        }
        refused.put("redirect_uri " + otherRedirect, y);
        Authorization c = Codes.fresh(ctx, client);
        HttpExchange z = ctx.flow().redeem(client, c.param("code").get(), null, c.pkce().verifier());
        if (Codes.released(z)) {
            throw fail("a code issued for a request with redirect_uri redeemed without one (" + z.summary()
                    + "): expected invalid_grant (RFC 6749 §4.1.3: REQUIRED when it was in the authorization request)");
        }
        refused.put("no redirect_uri", z);
        Authorization t = Codes.fresh(ctx, client);
        HttpExchange twin = ctx.flow().redeem(client, t.param("code").get(), t.redirectUri(), t.pkce().verifier());
        String redirectHalf = TwinRequest.prove(ctx, "a fresh code of " + client.clientId() + " with its own redirect_uri",
                twin, refused);

        Optional<ClientSpec> other = otherClient(ctx, client);
        if (other.isEmpty()) {
            throw new Inconclusive("not assessed: the candidate file lacks a 'second' client; add one (a second client that "
                    + "does the code flow) so that a code can be presented by a client it was not issued to. The redirect_uri "
                    + "half held: " + redirectHalf);
        }
        Authorization a = Codes.fresh(ctx, client);
        HttpExchange x = ctx.flow().redeem(other.get(), a.param("code").get(), a.redirectUri(), a.pkce().verifier());
        if (Codes.released(x)) {
            throw fail("a code issued to " + client.clientId() + " redeemed for client " + other.get().clientId() + " ("
                    + x.summary() + ", an access token): expected invalid_grant (RFC 6749 §4.1.3, §10.5)");
        }
        Authorization own = Codes.fresh(ctx, other.get());
        HttpExchange otherTwin = ctx.flow().redeem(other.get(), own.param("code").get(), own.redirectUri(), own.pkce().verifier());
        String clientHalf = TwinRequest.prove(ctx, "client " + other.get().clientId() + " redeeming a fresh code of its own",
                otherTwin, Map.of("client " + other.get().clientId() + " redeeming " + client.clientId() + "'s code", x));
        ctx.pass("no token was released: " + redirectHalf + "; " + clientHalf);
    }
}
