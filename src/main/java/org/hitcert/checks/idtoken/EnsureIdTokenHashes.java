package org.hitcert.checks.idtoken;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.NotApplicable;
import org.hitcert.support.Jwt;

/**
 * OIDC Core §3.1.3.6 and §3.3.2.11: at_hash (and c_hash) are the left half of the hash, by the ID token's JWS
 * algorithm, of the access token (the code); when present, they must match.
 */
public final class EnsureIdTokenHashes implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("idtoken.hashes.match",
                "at_hash and c_hash in the ID token match the access token and code they came with",
                List.of("at-hash-wrong"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        JsonNode tokens = ctx.sharedTokens();
        Jwt idToken = OidcFlows.idToken(ctx, tokens, OidcFlows.browserClient(ctx).scope());
        if (idToken.claim("at_hash").isEmpty()) {
            throw new NotApplicable("the ID token carries no at_hash (OPTIONAL in the code flow, OIDC Core §3.1.3.6) "
                    + "and the code flow has no c_hash");
        }
        Optional<String> problem = problem(idToken, tokens.path("access_token").asText());
        if (problem.isPresent()) {
            throw fail(problem.get());
        }
        ctx.pass("at_hash is the left half of the " + (Jwt.leftHalfHash(idToken.alg(), "").isPresent() ? idToken.alg()
                : "SHA-256 (alg '" + idToken.alg() + "' names no hash)") + " hash of the access token");
    }

    static Optional<String> problem(Jwt idToken, String accessToken) {
        String atHash = idToken.claim("at_hash").orElseThrow();
        // an alg without a hash (none: IDT-SIG's finding) leaves SHA-256, the hash of the mandatory RS256
        Optional<String> expected = Jwt.leftHalfHash(idToken.alg(), accessToken).or(() -> Jwt.leftHalfHash("RS256", accessToken));
        if (!expected.get().equals(atHash)) {
            return Optional.of("at_hash '" + atHash + "' does not match the access token it came with (computed '"
                    + expected.get() + "', OIDC Core §3.1.3.6)");
        }
        return Optional.empty();
    }
}
