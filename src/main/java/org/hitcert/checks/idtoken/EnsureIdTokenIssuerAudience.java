package org.hitcert.checks.idtoken;

import static org.hitcert.checks.Checks.fail;

import java.util.List;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.support.Jwt;

/**
 * OIDC Core §2 and §3.1.3.7: iss is exactly the issuer (no normalisation, not even a trailing slash), aud contains
 * the client_id, and with several audiences (or whenever present) azp is the client_id.
 */
public final class EnsureIdTokenIssuerAudience implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("idtoken.iss-aud.exact",
                "The ID token's iss is exactly the issuer, aud contains the client_id, azp names it",
                List.of("id-token-wrong-iss", "id-token-wrong-aud"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        Jwt idToken = OidcFlows.sharedIdToken(ctx);
        String clientId = OidcFlows.browserClient(ctx).clientId();
        String issuer = ctx.target().issuer().toString();
        Optional<String> problem = problem(idToken, issuer, clientId);
        if (problem.isPresent()) {
            throw fail(problem.get());
        }
        ctx.pass("iss '" + issuer + "', aud " + idToken.audience() + idToken.claim("azp").map(a -> ", azp '" + a + "'").orElse(""));
    }

    /** What is wrong with iss, aud and azp, if anything. */
    static Optional<String> problem(Jwt idToken, String issuer, String clientId) {
        Optional<String> iss = idToken.claim("iss");
        if (iss.isEmpty() || !iss.get().equals(issuer)) {
            return Optional.of("the ID token's iss is " + iss.map(i -> "'" + i + "'").orElse("absent") + "; expected exactly '"
                    + issuer + "' (OIDC Core §2, §3.1.3.7 step 2: exact match)");
        }
        List<String> aud = idToken.audience();
        if (!aud.contains(clientId)) {
            return Optional.of("the ID token's aud is " + aud + " and does not contain the client_id '" + clientId
                    + "' (OIDC Core §2, §3.1.3.7 step 3)");
        }
        Optional<String> azp = idToken.claim("azp");
        if (aud.size() > 1 && azp.isEmpty()) {
            return Optional.of("the ID token has several audiences " + aud + " but no azp (OIDC Core §3.1.3.7 step 4)");
        }
        if (azp.isPresent() && !azp.get().equals(clientId)) {
            return Optional.of("the ID token's azp is '" + azp.get() + "'; expected the client_id '" + clientId
                    + "' (OIDC Core §3.1.3.7 step 5)");
        }
        return Optional.empty();
    }
}
