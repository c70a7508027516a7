package org.hitcert.reference;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/** Mints and verifies the server's JWTs (RS256): access tokens (RFC 9068 shape) and ID tokens. */
final class Tokens {

    static final int ACCESS_TOKEN_SECONDS = 300;
    /** The lifetime for the {@code short-lived} client, so that the suite can watch a token expire. */
    static final int SHORT_ACCESS_TOKEN_SECONDS = 5;
    static final int CODE_SECONDS = 60;
    /**
     * Codes issued to the {@code second} client live this long, so that TK-CODE-TTL proves expiry in seconds; the
     * reference's candidate file claims it as {@code code-lifetime-seconds-second}.
     */
    static final int SECOND_CLIENT_CODE_SECONDS = 3;
    static final int REFRESH_TOKEN_SECONDS = 24 * 3600;

    private final SecureRandom random;
    private final Clock clock;
    private final RSAKey signingKey;
    private final String issuer;
    private final String fhirBase;
    private final Registry registry;

    Tokens(SecureRandom random, Clock clock, RSAKey signingKey, String issuer, String fhirBase, Registry registry) {
        this.random = random;
        this.clock = clock;
        this.signingKey = signingKey;
        this.issuer = issuer;
        this.fhirBase = fhirBase;
        this.registry = registry;
    }

    /** 256 bits of randomness, base64url. */
    String opaque() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A fresh authorization code: {@link #opaque()}, unless a code flaw asks for a guessable one. */
    String authorizationCode() {
        if (flaws.contains(Flaw.UUID_CODES)) {
            return new java.util.UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
                    random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString();
        }
        if (flaws.contains(Flaw.SHORT_ALPHABET_CODES)) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 32; i++) {
                b.append((char) ('a' + random.nextInt(8)));
            }
            return b.toString();
        }
        return opaque();
    }

    Instant now() {
        return clock.instant();
    }

    /** With {@link Flaw#ACCESS_TOKEN_LONG_LIVED}, user flows' access tokens live a day. */
    volatile int userAccessTokenSeconds = ACCESS_TOKEN_SECONDS;

    /** The access-token lifetime of a grant: short for the {@code short-lived} client, a day under the flaw for users. */
    int lifetime(Registry.Grant grant) {
        if ("short-lived".equals(grant.client.role())) {
            return SHORT_ACCESS_TOKEN_SECONDS;
        }
        return grant.user == null ? ACCESS_TOKEN_SECONDS : userAccessTokenSeconds;
    }

    /** The resource server the access tokens are for: the FHIR base, or another API for the {@code other-audience} client. */
    String audienceFor(Registry.Client client) {
        return "other-audience".equals(client.role()) ? issuer + "/other-api" : fhirBase;
    }

    RSAKey publicKey() {
        return signingKey.toPublicJWK();
    }

    String issuer() {
        return issuer;
    }

    String fhirBase() {
        return fhirBase;
    }

    Registry registry() {
        return registry;
    }

    String accessToken(Registry.Grant grant, List<String> scope) throws Exception {
        Instant now = now();
        int seconds = lifetime(grant);
        String jti = opaque();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer).audience(audienceFor(grant.client)).subject(grant.sub())
                .claim("client_id", grant.client.clientId()).claim("scope", String.join(" ", scope))
                .claim("azp", flaws.contains(Flaw.AT_NOT_JWT_CLAIMS) ? null : grant.client.clientId())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(seconds))).jwtID(jti);
        if (grant.patient() != null && scope.contains("launch/patient")) {
            claims.claim("patient", grant.patient());
        }
        registry.accessTokens.put(jti, new Registry.AccessToken(jti, grant, List.copyOf(scope), now,
                now.plusSeconds(seconds)));
        if (flaws.contains(Flaw.AT_NOT_JWT_CLAIMS)) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt")).build(),
                    claims.build());
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        }
        return sign(new JOSEObjectType("at+jwt"), claims.build());
    }

    String idToken(Registry.Grant grant, String clientId, String nonce, String accessToken) throws Exception {
        return IdTokens.mint(this, grant, clientId, nonce, accessToken);
    }

    /** The sub this server states for {@code grant}'s user in ID tokens and at userinfo. */
    String subject(Registry.Grant grant) {
        return flaws.contains(Flaw.SUB_UNSTABLE) ? grant.sub() + "." + grant.id.substring(0, 8) : grant.sub();
    }

    /** The flaws that concern ID tokens and userinfo; set once at start. */
    volatile java.util.Set<Flaw> flaws = java.util.Set.of();

    String signJwt(JOSEObjectType type, JWTClaimsSet claims) throws Exception {
        return sign(type, claims);
    }

    private String sign(JOSEObjectType type, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).type(type).build(),
                claims);
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }

    /**
     * The live access token record behind a presented bearer token: signature, alg, iss, aud, exp checked, then
     * revocation (through its jti and grant). Empty for anything else.
     */
    Optional<Registry.AccessToken> verifyAccessToken(String token) {
        return verifyAccessToken(token, true);
    }

    /** As {@link #verifyAccessToken(String)}; {@code checkRevocation} false skips the revocation look-up. */
    Optional<Registry.AccessToken> verifyAccessToken(String token, boolean checkRevocation) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new RSASSAVerifier(signingKey.toPublicJWK()))) {
                return Optional.empty();
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            if (!issuer.equals(c.getIssuer()) || c.getAudience() == null || !c.getAudience().contains(fhirBase)
                    || c.getExpirationTime() == null || !c.getExpirationTime().toInstant().isAfter(now())
                    || c.getJWTID() == null) {
                return Optional.empty();
            }
            Registry.AccessToken record = registry.accessTokens.get(c.getJWTID());
            if (record == null && !checkRevocation) {
                return Optional.empty();
            }
            if (record == null || (checkRevocation && (record.grant().revoked || record.revoked))
                    || !record.expires().isAfter(now())) {
                return Optional.empty();
            }
            return Optional.of(record);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    Optional<Registry.RefreshToken> liveRefreshToken(String token) {
        Registry.RefreshToken rt = registry.refreshTokens.get(token);
        if (rt == null || rt.revoked || rt.used || rt.grant.revoked || !rt.expires.isAfter(now())) {
            return Optional.empty();
        }
        return Optional.of(rt);
    }
}
