package org.hitcert.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which access a bearer token presented to the FHIR API grants: the scopes and the patient in context. Correct
 * by default ({@link Tokens#verifyAccessToken}); the FHIR-token flaws each relax one rule here, so that userinfo and
 * introspection keep the correct rules.
 */
final class FhirTokenVerifier {

    /** What a token grants at the FHIR API. */
    record Grant(List<String> scope, String patient) {
    }

    private final Tokens tokens;
    private final Set<Flaw> flaws;

    FhirTokenVerifier(Tokens tokens, Set<Flaw> flaws) {
        this.tokens = tokens;
        this.flaws = flaws;
    }

    Optional<Grant> verify(String token) {
        Optional<Registry.AccessToken> valid = flaws.contains(Flaw.FHIR_IGNORES_REVOCATION)
                ? tokens.verifyAccessToken(token, false).filter(r -> !r.grant().revoked) // a revoked token itself passes
                : tokens.verifyAccessToken(token);
        if (valid.isPresent()) {
            return Optional.of(new Grant(valid.get().scope(), valid.get().grant().patient()));
        }
        try {
            return flawed(token);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private Optional<Grant> flawed(String token) throws Exception {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || flaws.isEmpty()) {
            return Optional.empty();
        }
        JsonNode header = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        // each flaw below breaks one check of a token; revocation stays checked (fhir-ignores-revocation is its own flaw)
        Registry.AccessToken known = tokens.registry().accessTokens.get(claims.path("jti").asText());
        if (known != null && (known.revoked || known.grant().revoked) && !flaws.contains(Flaw.FHIR_IGNORES_REVOCATION)) {
            return Optional.empty();
        }
        boolean ourIssuer = tokens.issuer().equals(claims.path("iss").asText());
        boolean forUs = audience(claims).contains(tokens.fhirBase());
        boolean live = claims.path("exp").canConvertToLong()
                && Instant.ofEpochSecond(claims.path("exp").asLong()).isAfter(tokens.now());
        if (flaws.contains(Flaw.TAMPERED_TOKEN_ACCEPTED) && ourIssuer && forUs && live) {
            return Optional.of(fromClaims(claims));
        }
        if (flaws.contains(Flaw.ALG_NONE_TOKEN_ACCEPTED) && "none".equalsIgnoreCase(header.path("alg").asText())
                && ourIssuer && forUs && live) {
            return Optional.of(fromClaims(claims));
        }
        boolean signedByUs = signedBy(token, tokens.publicKey());
        if (flaws.contains(Flaw.AUDIENCE_UNCHECKED) && signedByUs && ourIssuer && live) {
            return liveRecord(claims).map(r -> new Grant(r.scope(), r.grant().patient()));
        }
        if (flaws.contains(Flaw.EXPIRED_TOKEN_ACCEPTED) && signedByUs && ourIssuer && forUs) {
            Optional<Registry.AccessToken> r = Optional.ofNullable(tokens.registry().accessTokens.get(claims.path("jti").asText()));
            return r.filter(x -> !x.grant().revoked).map(x -> new Grant(x.scope(), x.grant().patient()));
        }
        if (flaws.contains(Flaw.ID_TOKEN_ACCEPTED_AS_ACCESS_TOKEN) && signedByUs && ourIssuer && live
                && tokens.registry().clients.stream().anyMatch(c -> audience(claims).contains(c.clientId()))) {
            String sub = claims.path("sub").asText();
            return tokens.registry().users.stream().filter(u -> u.sub().equals(sub)).findFirst()
                    .map(u -> new Grant(List.of("launch/patient", "patient/*.rs"), u.patient()));
        }
        if (flaws.contains(Flaw.FOREIGN_ISSUER_ACCEPTED) && !ourIssuer && forUs && live) {
            RSAKey key = foreignKey(claims.path("iss").asText(), header.path("kid").asText(""));
            if (key != null && signedBy(token, key)) {
                return Optional.of(fromClaims(claims));
            }
        }
        return Optional.empty();
    }

    private Optional<Registry.AccessToken> liveRecord(JsonNode claims) {
        Registry.AccessToken r = tokens.registry().accessTokens.get(claims.path("jti").asText());
        return r == null || r.grant().revoked || !r.expires().isAfter(tokens.now()) ? Optional.empty() : Optional.of(r);
    }

    private static List<String> audience(JsonNode claims) {
        JsonNode aud = claims.path("aud");
        if (aud.isArray()) {
            return java.util.stream.StreamSupport.stream(aud.spliterator(), false).map(JsonNode::asText).toList();
        }
        return aud.isTextual() ? List.of(aud.asText()) : List.of();
    }

    private static Grant fromClaims(JsonNode claims) {
        String patient = claims.path("patient").asText(null);
        return new Grant(Arrays.asList(claims.path("scope").asText("").split(" ")), patient);
    }

    private static boolean signedBy(String token, RSAKey key) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            return JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) && jwt.verify(new RSASSAVerifier(key));
        } catch (Exception e) {
            return false;
        }
    }

    /** The flaw fetches the issuer's keys through its discovery document; loopback issuers only (the suite's rogue AS). */
    private static RSAKey foreignKey(String issuer, String kid) throws Exception {
        URI iss = URI.create(issuer);
        if (!Set.of("127.0.0.1", "localhost", "[::1]").contains(iss.getHost())) {
            return null;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        HttpResponse<String> meta = client.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String jwksUri = Http.JSON.readTree(meta.body()).path("jwks_uri").asText();
        HttpResponse<String> jwks = client.send(HttpRequest.newBuilder(URI.create(jwksUri)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        for (JWK k : JWKSet.parse(jwks.body()).getKeys()) {
            if (k instanceof RSAKey rsa && (kid.isEmpty() || kid.equals(k.getKeyID()))) {
                return rsa;
            }
        }
        return null;
    }
}
