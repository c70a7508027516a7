package org.hitcert.checks.idtoken;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.support.Jwt;

/**
 * OIDC Core §2 and §10.1: an ID token is a JWS signed with an algorithm the provider advertises in
 * id_token_signing_alg_values_supported (never "none" for tokens from the token endpoint, §3.1.3.7), by a key its
 * jwks_uri publishes, and the signature verifies.
 */
public final class VerifyIdTokenSignature implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("idtoken.signature.verified",
                "ID tokens are signed with an advertised algorithm by a key from jwks_uri, and verify",
                List.of("id-token-unsigned"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        Jwt idToken = OidcFlows.sharedIdToken(ctx);
        String alg = idToken.alg();
        if (alg.isEmpty() || alg.equalsIgnoreCase("none")) {
            throw fail("the ID token has alg '" + alg + "': it is unsigned, so anyone can forge it; OIDC Core §2 and "
                    + "§3.1.3.7 require a signed ID token");
        }
        JsonNode advertised = ctx.target().discovery().map(d -> d.get("id_token_signing_alg_values_supported")).orElse(null);
        if (advertised != null && advertised.isArray()) {
            boolean listed = false;
            for (JsonNode a : advertised) {
                listed |= a.asText().equals(alg);
            }
            if (!listed) {
                throw fail("the ID token is signed with " + alg + ", which id_token_signing_alg_values_supported "
                        + advertised + " does not list (OIDC Discovery §3)");
            }
        }
        Jwt.Verification v = idToken.verify(OidcFlows.jwks(ctx));
        if (!v.verified()) {
            throw fail("the ID token's signature does not check out against jwks_uri: " + v.detail()
                    + " (OIDC Core §10.1)");
        }
        ctx.pass("ID token signed with " + alg + ": " + v.detail());
    }
}
