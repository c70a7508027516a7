package org.hitcert.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds RFC 7523 client assertions for private_key_jwt, starting from the baseline that SMART's asymmetric client
 * authentication describes (header: RS384/ES384, the registered kid, typ JWT; claims: iss = sub = client_id, aud =
 * token URL, exp = now + 60 s, a random 128-bit jti), so that a negative case changes exactly one thing.
 * Signed assertions are secrets: callers send them and never quote them.
 */
public final class ClientAssertions {

    public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final JWK privateKey;
    private final String clientId;
    private final URI audience;

    private ClientAssertions(JWK privateKey, String clientId, URI audience) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.audience = Objects.requireNonNull(audience, "audience");
        if (!privateKey.isPrivate()) {
            throw new IllegalArgumentException("the client's key for '" + clientId + "' holds no private part");
        }
    }

    /**
     * Assertions for {@code clientId} signed with {@code privateKey} (a private JWK as JSON, or PEM: {@link PrivateKeys}),
     * for {@code audience}.
     */
    public static ClientAssertions of(String privateKey, String clientId, URI audience) {
        try {
            return new ClientAssertions(PrivateKeys.parse(privateKey), clientId, audience);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the private key of client '" + clientId + "' is " + e.getMessage(), e);
        }
    }

    public String clientId() {
        return clientId;
    }

    public URI audience() {
        return audience;
    }

    /** The signing key (private: never put it into evidence). */
    public JWK privateKey() {
        return privateKey;
    }

    /** The registered key's public half. */
    public JWK publicKey() {
        return privateKey.toPublicJWK();
    }

    /** The algorithm the baseline uses: the key's own alg, else RS384 for RSA and ES384 for EC keys. */
    public JWSAlgorithm baselineAlg() {
        return algFor(privateKey);
    }

    /**
     * The signing algorithm for {@code key}: its own {@code alg} (a parsed JWK holds it as a plain Algorithm, hence by
     * name), else the one its EC curve fixes (P-256 ES256, P-384 ES384, P-521 ES512), else RS384.
     */
    public static JWSAlgorithm algFor(JWK key) {
        if (key.getAlgorithm() != null) {
            return JWSAlgorithm.parse(key.getAlgorithm().getName());
        }
        if (key instanceof ECKey ec) {
            Curve c = ec.getCurve();
            return Curve.P_256.equals(c) ? JWSAlgorithm.ES256 : Curve.P_521.equals(c) ? JWSAlgorithm.ES512 : JWSAlgorithm.ES384;
        }
        return JWSAlgorithm.RS384;
    }

    /** A builder holding the baseline header and claims, signed with the registered key. */
    public Draft baseline() {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId)
                .audience(audience.toString()).expirationTime(Date.from(now.plusSeconds(60)))
                .issueTime(Date.from(now)).jwtID(Pkce.random(16));
        JWSHeader.Builder header = new JWSHeader.Builder(baselineAlg()).keyID(privateKey.getKeyID()).type(JOSEObjectType.JWT);
        return new Draft(header, claims, privateKey, baselineAlg());
    }

    /** A fresh P-384 key the candidate has never seen (an attacker's key), with a random kid. */
    public static ECKey attackerKey() {
        return attackerKey(Curve.P_384);
    }

    /** An attacker's EC key on {@code curve}: to sign with the same algorithm as a registered key of that curve. */
    public static ECKey attackerKey(Curve curve) {
        try {
            return new ECKeyGenerator(curve).keyID("hitcert-attacker-" + Pkce.random(6)).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed certificate for {@code key} (an attacker's x5c), valid for a day. */
    public static com.nimbusds.jose.util.Base64 selfSignedCertificate(ECKey key) {
        try {
            java.security.KeyPair pair = key.toKeyPair();
            org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=" + key.getKeyID());
            Instant now = Instant.now();
            org.bouncycastle.cert.X509v3CertificateBuilder b = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                    name, java.math.BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
                    Date.from(now.plusSeconds(86400)), name, pair.getPublic());
            org.bouncycastle.operator.ContentSigner signer = new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(
                    "SHA384withECDSA").build(pair.getPrivate());
            return com.nimbusds.jose.util.Base64.encode(b.build(signer).getEncoded());
        } catch (JOSEException | org.bouncycastle.operator.OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** One assertion being built: mutate the header or claims, choose the signing key, then sign. */
    public static final class Draft {
        private final JWSHeader.Builder header;
        private final JWTClaimsSet.Builder claims;
        private JWK key;
        private JWSAlgorithm alg;

        private Draft(JWSHeader.Builder header, JWTClaimsSet.Builder claims, JWK key, JWSAlgorithm alg) {
            this.header = header;
            this.claims = claims;
            this.key = key;
            this.alg = alg;
        }

        public Draft claims(Consumer<JWTClaimsSet.Builder> change) {
            change.accept(claims);
            return this;
        }

        public Draft header(Consumer<JWSHeader.Builder> change) {
            change.accept(header);
            return this;
        }

        /** Sign with {@code key} and {@code alg} instead (the header's kid is left as it is). */
        public Draft signWith(JWK key, JWSAlgorithm alg) {
            this.key = key;
            this.alg = alg;
            return this;
        }

        public JWTClaimsSet claimsSet() {
            return claims.build();
        }

        /** The compact serialisation, signed. */
        public String sign() {
            try {
                JWSHeader h = withAlg(header.build(), alg);
                SignedJWT jwt = new SignedJWT(h, claims.build());
                jwt.sign(new DefaultJWSSignerFactory().createJWSSigner(key, alg));
                return jwt.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot sign a client assertion with " + alg + ": " + e.getMessage(), e);
            }
        }

        /** An HMAC (HS256) assertion keyed with {@code secret}, the header otherwise unchanged. */
        public String hmac(byte[] secret) {
            try {
                JWSHeader h = withAlg(header.build(), JWSAlgorithm.HS256);
                SignedJWT jwt = new SignedJWT(h, claims.build());
                jwt.sign(new MACSigner(secret));
                return jwt.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot HMAC a client assertion: " + e.getMessage(), e);
            }
        }

        private static JWSHeader withAlg(JWSHeader h, JWSAlgorithm alg) {
            try {
                Map<String, Object> json = h.toJSONObject();
                json.put("alg", alg.getName());
                return JWSHeader.parse(json);
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
        }

        /** An unsigned assertion: header {"alg": alg, "typ": "JWT", "kid": ...}, the claims, and an empty signature. */
        public String unsigned(String algName) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("alg", algName);
            h.put("typ", "JWT");
            String kid = header.build().getKeyID();
            if (kid != null) {
                h.put("kid", kid);
            }
            String headerJson = com.nimbusds.jose.util.JSONObjectUtils.toJSONString(h);
            return Base64URL.encode(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                    + Base64URL.encode(claims.build().toString().getBytes(StandardCharsets.UTF_8)) + ".";
        }
    }

    /** {@code jwt} with one byte of its signature changed. */
    public static String flipSignatureByte(String jwt) {
        int dot = jwt.lastIndexOf('.');
        byte[] sig = Base64.getUrlDecoder().decode(jwt.substring(dot + 1));
        sig[sig.length / 2] ^= 0x01;
        return jwt.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    }

    /**
     * The encodings of a public key that careless HMAC verifiers use as the secret (RFC 8725 §2.1): the PEM text
     * (with and without a final newline), the public JWK's JSON, the DER SubjectPublicKeyInfo and, for RSA, the
     * modulus bytes.
     */
    public static Map<String, byte[]> publicKeyEncodings(JWK publicJwk) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try {
            PublicKey pub = publicJwk instanceof RSAKey rsa ? rsa.toPublicKey() : ((ECKey) publicJwk).toPublicKey();
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pub.getEncoded())
                    + "\n-----END PUBLIC KEY-----";
            out.put("PEM text with final newline", (pem + "\n").getBytes(StandardCharsets.US_ASCII));
            out.put("PEM text", pem.getBytes(StandardCharsets.US_ASCII));
            out.put("public JWK JSON", publicJwk.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8));
            out.put("DER SubjectPublicKeyInfo", pub.getEncoded());
            if (publicJwk instanceof RSAKey rsa) {
                out.put("RSA modulus n bytes", rsa.getModulus().decode());
            }
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
