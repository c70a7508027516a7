package org.hitcert.checks.code;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;

/**
 * RFC 6749 §4.1.3 and §10.6, RFC 6819 §5.2.4.4–5, RFC 9700 §4.5.2: a code redeems only for the client it was issued
 * to and with the redirect_uri of its authorization request. Each case uses a fresh code and the right verifier,
 * and changes one thing: another client redeems it, another redirect_uri is sent, or none is.
 */
public final class BindCodeToClientAndRedirect implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.code.bound",
                "A code redeems only for its client and with its redirect_uri",
                List.of("code-not-client-bound"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Codes.browserClient(ctx);
        List<String> seen = new ArrayList<>();
        Optional<ClientSpec> other = ctx.target().clients().stream()
                .filter(c -> !c.clientId().equals(client.clientId()) && !c.role().equals("backend")).findFirst();
        if (other.isPresent()) {
            Authorization a = Codes.fresh(ctx, client);
            HttpExchange x = ctx.flow().redeem(other.get(), a.param("code").get(), a.redirectUri(), a.pkce().verifier());
            if (Codes.released(x)) {
                throw fail("a code issued to " + client.clientId() + " redeemed for client " + other.get().clientId() + " ("
                        + x.summary() + ", an access token): expected invalid_grant (RFC 6749 §4.1.3, §10.5)");
            }
            seen.add("client " + other.get().clientId() + " → " + Codes.outcome(x));
        } else {
            ctx.note("other client", "the candidate file declares no second client: the client binding was not tested");
        }
        Authorization b = Codes.fresh(ctx, client);
        URI otherRedirect = URI.create(b.redirectUri() + (b.redirectUri().getRawQuery() == null ? "?" : "&") + "hitcert=other");
        HttpExchange y = ctx.flow().redeem(client, b.param("code").get(), otherRedirect, b.pkce().verifier());
        if (Codes.released(y)) {
            throw fail("a code redeemed with redirect_uri " + otherRedirect + " though it was issued for " + b.redirectUri() + " ("
                    + y.summary() + "): expected invalid_grant (RFC 6749 §4.1.3: identical redirect_uri)");
        }
        seen.add("redirect_uri " + otherRedirect + " → " + Codes.outcome(y));
        Authorization c = Codes.fresh(ctx, client);
        HttpExchange z = ctx.flow().redeem(client, c.param("code").get(), null, c.pkce().verifier());
        if (Codes.released(z)) {
            throw fail("a code issued for a request with redirect_uri redeemed without one (" + z.summary()
                    + "): expected invalid_grant (RFC 6749 §4.1.3: REQUIRED when it was in the authorization request)");
        }
        seen.add("no redirect_uri → " + Codes.outcome(z));
        ctx.pass("no token was released: " + String.join("; ", seen));
    }
}
