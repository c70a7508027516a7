package org.hitcert.checks.heart;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.idtoken.OidcFlows;
import org.hitcert.support.Jwt;

/**
 * HEART OAuth 2.0 profile, "JWT Bearer Tokens": an access token is a JWS signed by the server (RS256 supported) whose
 * header names its key (kid), with iss (the issuer), azp (the client), exp, and a unique, unguessable jti.
 */
public final class EnsureJwtAccessTokenClaims implements Check {

    /** 128 bits as base64url is 22 characters; a shorter jti cannot carry that entropy. */
    static final int MIN_JTI_LENGTH = 22;

    @Override
    public CheckInfo info() {
        return new CheckInfo("heart.access-token.jwt-claims",
                "Access tokens are signed JWTs with kid, iss, azp, exp and a high-entropy jti (HEART)",
                List.of("at-not-jwt-claims"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        JsonNode tokens = ctx.sharedTokens();
        Jwt at;
        try {
            at = Jwt.decode(tokens.path("access_token").asText());
        } catch (IllegalArgumentException e) {
            throw fail("the access token is " + e.getMessage() + "; the HEART profile requires a signed JWT");
        }
        ctx.note("decoded access token", "header " + at.header() + "\nclaims " + at.claims());
        List<String> problems = problems(at, ctx.target().issuer().toString(), OidcFlows.browserClient(ctx).clientId());
        if (problems.isEmpty()) {
            Jwt.Verification v = at.verify(OidcFlows.jwks(ctx));
            if (!v.verified()) {
                problems.add("its signature does not check out against jwks_uri: " + v.detail());
            }
        }
        if (!problems.isEmpty()) {
            throw fail("the access token: " + String.join("; ", problems) + " (HEART OAuth 2.0, JWT Bearer Tokens)");
        }
        ctx.pass("a " + at.alg() + " JWT with kid, iss, azp, exp and a " + at.claim("jti").orElseThrow().length()
                + "-character jti; the signature verifies");
    }

    static List<String> problems(Jwt at, String issuer, String clientId) {
        List<String> problems = new ArrayList<>();
        if (at.alg().isEmpty() || at.alg().equalsIgnoreCase("none") || at.alg().startsWith("HS")) {
            problems.add("alg is '" + at.alg() + "', not an asymmetric signature");
        }
        if (at.kid().isEmpty()) {
            problems.add("the header has no kid");
        }
        if (!at.claim("iss").map(issuer::equals).orElse(false)) {
            problems.add("iss is " + at.claim("iss").orElse("absent") + ", expected '" + issuer + "'");
        }
        if (!at.claim("azp").map(clientId::equals).orElse(false)) {
            problems.add("azp is " + at.claim("azp").orElse("absent") + ", expected the client_id '" + clientId + "'");
        }
        if (at.time("exp").isEmpty()) {
            problems.add("exp is absent");
        }
        String jti = at.claim("jti").orElse("");
        if (jti.length() < MIN_JTI_LENGTH) {
            problems.add(jti.isEmpty() ? "jti is absent" : "jti '" + jti + "' is too short to be unguessable");
        }
        return problems;
    }
}
