package org.hitcert.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A compact JWS/JWT as the candidate sent it, decoded without judging it (alg "none" and unknown algorithms
 * decode too), so that checks can state what they saw. Signature verification against a JWKS is explicit.
 */
public record Jwt(JsonNode header, JsonNode claims, String signingInput, String signature) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Decodes {@code compact}; throws {@link IllegalArgumentException} saying why when it is not a JWT. */
    public static Jwt decode(String compact) {
        if (compact == null) {
            throw new IllegalArgumentException("no token");
        }
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWT: " + parts.length + " dot-separated parts (3 expected; 5 would be encrypted)");
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (header == null || !header.isObject() || claims == null || !claims.isObject()) {
                throw new IllegalArgumentException("the header or the payload is not a JSON object");
            }
            return new Jwt(header, claims, parts[0] + "." + parts[1], parts[2]);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a decodable JWT (" + e.getMessage() + ")", e);
        }
    }

    public String alg() {
        return header.path("alg").asText("");
    }

    public Optional<String> kid() {
        return header.hasNonNull("kid") ? Optional.of(header.get("kid").asText()) : Optional.empty();
    }

    public Optional<String> claim(String name) {
        JsonNode v = claims.get(name);
        return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    /** A NumericDate claim (seconds since the epoch), empty when absent or not a number. */
    public Optional<Long> time(String name) {
        JsonNode v = claims.get(name);
        return v != null && v.isNumber() ? Optional.of(v.asLong()) : Optional.empty();
    }

    /** {@code aud} as a list, whether sent as a string or an array. */
    public List<String> audience() {
        JsonNode v = claims.get("aud");
        List<String> out = new ArrayList<>();
        if (v != null && v.isTextual()) {
            out.add(v.asText());
        } else if (v != null && v.isArray()) {
            v.forEach(e -> out.add(e.asText()));
        }
        return out;
    }

    /** The outcome of verifying the signature against a JWKS. */
    public record Verification(boolean verified, String detail) {
    }

    /**
     * Verifies the signature with the key of the JWKS that the header's kid names (or, without a kid, the only key
     * of a fitting type). Never verifies alg "none" or a symmetric alg (there is no public key for it).
     */
    public Verification verify(String jwksJson) {
        String alg = alg();
        if (alg.isEmpty() || alg.equalsIgnoreCase("none")) {
            return new Verification(false, "alg is '" + alg + "': the token is not signed");
        }
        if (alg.startsWith("HS")) {
            return new Verification(false, "alg is " + alg + ", a symmetric MAC that no published key can verify");
        }
        JWKSet set;
        try {
            set = JWKSet.parse(jwksJson);
        } catch (java.text.ParseException e) {
            return new Verification(false, "the JWKS could not be parsed: " + e.getMessage());
        }
        KeyType type = KeyType.forAlgorithm(JWSAlgorithm.parse(alg));
        List<JWK> fitting = set.getKeys().stream()
                .filter(k -> kid().map(id -> id.equals(k.getKeyID())).orElse(true))
                .filter(k -> type == null || type.equals(k.getKeyType())).toList();
        if (fitting.isEmpty()) {
            return new Verification(false, kid().map(id -> "kid '" + id + "' names no " + (type == null ? "" : type + " ")
                    + "key in the JWKS").orElse("no kid and no " + type + " key in the JWKS"));
        }
        if (kid().isEmpty() && fitting.size() > 1) {
            return new Verification(false, "no kid, and the JWKS has " + fitting.size() + " " + type
                    + " keys: the key cannot be chosen (OIDC Core §10.1)");
        }
        JWK key = fitting.get(0);
        try {
            JWSObject jws = JWSObject.parse(signingInput + "." + signature);
            Key publicKey = switch (key.getKeyType().getValue()) {
                case "RSA" -> key.toRSAKey().toRSAPublicKey();
                case "EC" -> key.toECKey().toECPublicKey();
                case "OKP" -> throw new IllegalArgumentException("OKP keys are not supported by this suite");
                default -> throw new IllegalArgumentException("unsupported key type " + key.getKeyType());
            };
            boolean ok = jws.verify(new DefaultJWSVerifierFactory().createJWSVerifier(jws.getHeader(), publicKey));
            return new Verification(ok, (ok ? "signature verifies" : "signature does not verify") + " with " + alg
                    + " and key " + Optional.ofNullable(key.getKeyID()).map(k -> "kid '" + k + "'").orElse("(no kid)"));
        } catch (Exception e) {
            return new Verification(false, "the signature could not be checked: " + e.getMessage());
        }
    }

    /**
     * OpenID Connect Core §3.1.3.6: the base64url of the left half of the hash of {@code value}, the hash being the one
     * of the JWS alg (SHA-256 for RS256/ES256/PS256, and so on). Empty for an alg without such a hash.
     */
    public static Optional<String> leftHalfHash(String alg, String value) {
        String digest = switch (alg.length() >= 5 ? alg.substring(2) : "") {
            case "256" -> "SHA-256";
            case "384" -> "SHA-384";
            case "512" -> "SHA-512";
            default -> null;
        };
        if (alg.equals("EdDSA")) {
            digest = "SHA-512";
        }
        if (digest == null) {
            return Optional.empty();
        }
        try {
            byte[] h = MessageDigest.getInstance(digest).digest(value.getBytes(StandardCharsets.US_ASCII));
            return Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h, h.length / 2)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
