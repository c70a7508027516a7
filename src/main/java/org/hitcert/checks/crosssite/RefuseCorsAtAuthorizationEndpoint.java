package org.hitcert.checks.crosssite;

import static org.hitcert.checks.Checks.fail;

import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.support.AttackerOrigin;
import org.hitcert.support.LoopbackTls;

/**
 * RFC 9700 §2.6: the authorization endpoint is for top-level navigation only and must not support CORS. An
 * unregistered origin's preflight and request get no Access-Control-Allow-Origin, and its script cannot read
 * the answer, with or without the user's cookies.
 */
public final class RefuseCorsAtAuthorizationEndpoint implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("crosssite.cors.authorization-endpoint",
                "The authorization endpoint allows no cross-origin reads",
                List.of("cors-reflects-origin"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) throws Exception {
        var url = Pages.authorizationRequest(ctx.target(), Pages.browserClient(ctx.target()), Map.of());
        try (AttackerOrigin attacker = AttackerOrigin.startCrossSite(LoopbackTls.shared(), ctx.target())) {
            CorsProbe.Result r = CorsProbe.probe(ctx, attacker, "authorization endpoint", url, "GET", Map.of(), null);
            // an Access-Control-Allow-Origin naming the endpoint's own origin admits no other origin (a same-origin
            // request needs no CORS): Glewlwyd sends its configured allow_origin on every answer. Any other value admits
            // that origin (or every one, or opaque ones): CORS support
            String own = ownOrigin(url);
            if (admitsAnother(r.allowOrigin(), url) || r.readWithCredentials().isPresent() || r.readWithoutCredentials().isPresent()) {
                throw fail("the authorization endpoint supports CORS for the unregistered origin " + r.origin() + ": "
                        + r.headers() + "; " + r.observed() + "; expected no Access-Control-Allow-Origin and no readable "
                        + "response (RFC 9700 §2.6: the authorization endpoint MUST NOT support CORS)");
            }
            ctx.pass((r.allowOrigin().isPresent() ? "Access-Control-Allow-Origin names only the endpoint's own origin "
                    + own + ", which admits no other" : "no Access-Control-Allow-Origin") + " for " + r.origin() + "; "
                    + r.observed());
        }
    }

    static String ownOrigin(java.net.URI endpoint) {
        return endpoint.getScheme() + "://" + endpoint.getAuthority();
    }

    /** Whether an Access-Control-Allow-Origin value admits an origin other than the endpoint's own. */
    static boolean admitsAnother(java.util.Optional<String> allowOrigin, java.net.URI endpoint) {
        return allowOrigin.filter(v -> !v.trim().equalsIgnoreCase(ownOrigin(endpoint))).isPresent();
    }
}
