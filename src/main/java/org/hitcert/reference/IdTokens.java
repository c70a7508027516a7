package org.hitcert.reference;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** ID tokens (OpenID Connect Core §2, §3.1.3.6), with the flaws of the OpenID Connect section. */
final class IdTokens {

    private static final long TEN_YEARS = 10L * 365 * 24 * 3600;

    private IdTokens() {
    }

    static String mint(Tokens tokens, Registry.Grant grant, String clientId, String nonce, String accessToken) throws Exception {
        java.util.Set<Flaw> flaws = tokens.flaws;
        Instant now = tokens.now();
        String hashed = flaws.contains(Flaw.AT_HASH_WRONG) ? accessToken + "." : accessToken;
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(flaws.contains(Flaw.ID_TOKEN_WRONG_ISS) ? tokens.issuer() + "/" : tokens.issuer())
                .audience(flaws.contains(Flaw.ID_TOKEN_WRONG_AUD) ? List.of(tokens.fhirBase()) : List.of(clientId))
                .subject(tokens.subject(grant))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(flaws.contains(Flaw.ID_TOKEN_LONG_LIVED) ? TEN_YEARS
                        : Tokens.ACCESS_TOKEN_SECONDS)))
                .claim("auth_time", flaws.contains(Flaw.AUTH_TIME_ZERO) ? 0L : grant.authTime.getEpochSecond())
                .claim("azp", clientId)
                .claim("at_hash", AccessTokenHash.compute(new BearerAccessToken(hashed), JWSAlgorithm.RS256, null).getValue());
        if (grant.amr != null) {
            claims.claim("acr", StrongLogin.acr(grant.amr)).claim("amr", grant.amr);
        }
        if (nonce != null && !flaws.contains(Flaw.NONCE_IGNORED)) {
            claims.claim("nonce", nonce);
        }
        if (grant.user != null && grant.scope.contains("fhirUser") && !flaws.contains(Flaw.FHIRUSER_MISSING)) {
            claims.claim("fhirUser", grant.user.fhirUser());
        }
        if (flaws.contains(Flaw.ID_TOKEN_UNSIGNED)) {
            return new PlainJWT(claims.build()).serialize();
        }
        return tokens.signJwt(JOSEObjectType.JWT, claims.build());
    }
}
