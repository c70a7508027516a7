package org.hitcert.checks.authorize;

import static org.hitcert.checks.Checks.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.CodeFlow.Refusal;

/**
 * RFC 9700 §2.1.2: the implicit grant and other response types that put an access token in the authorization
 * response SHOULD NOT be used; here the server is asked for {@code token} and {@code id_token token} and must not
 * put an access token in the redirect (query or fragment).
 */
public final class RefuseTokensInFragment implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("authorize.response-type.no-implicit",
                "response_type=token and id_token token never put an access token in the redirect",
                List.of("implicit-allowed", "hybrid-token-allowed"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Clients.browserClient(ctx.target());
        List<String> seen = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        // code token: the OpenID Connect hybrid flow (§3.3), which also puts an access token in the fragment
        for (String type : List.of("token", "id_token token", "code token")) {
            Refusal r = ctx.flow().refusalOf(client, Clients.defaultUser(ctx.target()), Map.of("response_type", type),
                    "response_type=" + type);
            Authorization a = r.authorization();
            if (a.redirected() && (a.fragment().containsKey("access_token") || a.param("access_token").isPresent())) {
                throw fail("response_type=" + type + " put an access token in the redirect to " + a.redirectUri()
                        + (a.fragment().containsKey("access_token") ? " (fragment)" : " (query)")
                        + ", expected error=unsupported_response_type (RFC 9700 §2.1.2: no implicit grant)");
            }
            if (r.granted()) {
                seen.add("response_type=" + type + ": a code and no access token in the redirect");
            } else {
                (r.refused() ? seen : undecided).add(r.reason());
            }
        }
        if (!undecided.isEmpty()) {
            throw new Inconclusive(String.join("; ", undecided));
        }
        ctx.pass("no access token in any redirect: " + String.join("; ", seen));
    }
}
