package org.hitcert.checks.code;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** The clients to present another client's code with: the "second" client first, then other code-flow clients. */
    static List<ClientSpec> otherClients(CheckContext ctx, ClientSpec client) {
        List<ClientSpec> out = new java.util.ArrayList<>();
        ctx.target().client("second").filter(c -> !c.clientId().equals(client.clientId())).ifPresent(out::add);
        ctx.target().clients().stream().filter(c -> !c.clientId().equals(client.clientId()) && !out.contains(c)
                && !c.role().startsWith("backend") && !c.redirectUris().isEmpty()
                && (!c.authMethod().equals("private_key_jwt") || c.privateKey().isPresent())).forEach(out::add);
        return out;
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

        List<ClientSpec> others = otherClients(ctx, client);
        if (others.isEmpty()) {
            throw Inconclusive.notAssessed("a 'second' client", "one (a second client that does the code flow) so that a code "
                    + "can be presented by a client it was not issued to. The redirect_uri half held: " + redirectHalf);
        }
        // the twin first: the other client redeems a fresh code of its own; the next one is tried when that fails (the
        // reference's second client's codes live 3 s, which a loaded machine can miss)
        ClientSpec other = null;
        HttpExchange otherTwin = null;
        for (ClientSpec candidate : others.subList(0, Math.min(2, others.size()))) {
            Authorization own = Codes.fresh(ctx, candidate);
            otherTwin = ctx.flow().redeem(candidate, own.param("code").get(), own.redirectUri(), own.pkce().verifier());
            other = candidate;
            if (Codes.released(otherTwin)) {
                break;
            }
        }
        Authorization a = Codes.fresh(ctx, client);
        HttpExchange x = ctx.flow().redeem(other, a.param("code").get(), a.redirectUri(), a.pkce().verifier());
        if (Codes.released(x)) {
            throw fail("a code issued to " + client.clientId() + " redeemed for client " + other.clientId() + " ("
                    + x.summary() + ", an access token): expected invalid_grant (RFC 6749 §4.1.3, §10.5)");
        }
        String clientHalf = TwinRequest.prove(ctx, "client " + other.clientId() + " redeeming a fresh code of its own",
                otherTwin, Map.of("client " + other.clientId() + " redeeming " + client.clientId() + "'s code", x));
        ctx.pass("no token was released: " + redirectHalf + "; " + clientHalf);
    }
}
