package org.hitcert.checks.token;

import com.fasterxml.jackson.databind.JsonNode;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.Inconclusive;

/**
 * Issue 18 A8: a FAIL is never based on a reused token (the run's shared one) that may have died meanwhile, e.g.
 * revoked by a correct server after another check's code replay. Before such a FAIL the token is re-validated where it
 * is used (the FHIR API, else introspection, else userinfo); when it is dead or nothing can tell, INCONCLUSIVE.
 */
public final class LiveToken {

    private LiveToken() {
    }

    /** Returns when {@code tokens}' access token still works, saying where it was seen alive; else INCONCLUSIVE. */
    public static String require(CheckContext ctx, JsonNode tokens, String what) {
        TokenCalls.Use use = new TokenCalls(ctx).use(tokens.path("access_token").asText(), tokens).orElseThrow(() ->
                new Inconclusive(what + ", and nothing (FHIR API, introspection, userinfo) tells whether the run's shared "
                        + "access token still works, so no FAIL is based on it"));
        if (!use.alive()) {
            throw new Inconclusive(what + ", but the run's shared access token is no longer alive (" + use.seen() + "): "
                    + "another check may have revoked it; nothing is concluded from it");
        }
        return use.seen();
    }
}
