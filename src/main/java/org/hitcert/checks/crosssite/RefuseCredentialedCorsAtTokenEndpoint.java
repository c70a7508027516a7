package org.hitcert.checks.crosssite;

import static org.hitcert.checks.Checks.fail;

import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.AttackerOrigin;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.LoopbackTls;
import org.hitcert.support.Pkce;

/**
 * The token endpoint may support CORS for browser-based apps (SMART App Launch "CORS support"; RFC 9700 §2.6),
 * but an origin it never registered must not get credentialed access: no reflected origin with
 * Access-Control-Allow-Credentials, no '*' with credentials, and no response readable by the attacker's script
 * when it sends the user's cookies. '*' without credentials is allowed (token requests carry no ambient
 * authority) and noted.
 */
public final class RefuseCredentialedCorsAtTokenEndpoint implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("crosssite.cors.token-endpoint",
                "The token endpoint grants no credentialed cross-origin access to unregistered origins",
                List.of("cors-reflects-origin"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) throws Exception {
        var token = ctx.target().endpoint("token").orElseThrow(() -> new Inconclusive("the candidate states no token endpoint"));
        var client = Pages.browserClient(ctx.target());
        String body = HttpRequestSpec.formEncode("grant_type", "authorization_code", "code", "hitcert-cors-probe-" + Pkce.random(8),
                "redirect_uri", (client.redirectUris().isEmpty() ? ctx.target().callback() : client.redirectUris().get(0)).toString(),
                "client_id", client.clientId(), "code_verifier", Pkce.s256().verifier());
        try (AttackerOrigin attacker = AttackerOrigin.startCrossSite(LoopbackTls.shared(), ctx.target())) {
            CorsProbe.Result r = CorsProbe.probe(ctx, attacker, "token endpoint", token, "POST", Map.of(), body);
            if (r.credentialedReadAllowed()) {
                throw fail("the token endpoint lets the unregistered origin " + r.origin() + " read its responses with the "
                        + "user's credentials: " + r.headers() + "; " + r.observed() + "; expected the origin not to be "
                        + "reflected with credentials, and never '*' with credentials (RFC 9700 §2.6; Fetch CORS protocol)");
            }
            ctx.pass("no credentialed cross-origin access for " + r.origin() + ": " + r.headers() + "; " + r.observed()
                    + (r.wildcard() || r.reflected() ? " (uncredentialed CORS for browser apps is allowed)" : ""));
        }
    }
}
