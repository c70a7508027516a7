package org.hitcert.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A client's private key as the candidate file gives it: a private JWK (JSON), or PEM in PKCS#8
 * ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY}). A key
 * without a {@code kid} gets its RFC 7638 thumbprint as kid (what a JWKS built from the public key by common tools
 * names it); a JWK's own {@code kid} and {@code alg} are kept, and its {@code alg} chooses the signing algorithm.
 * Key material is secret: messages never quote it.
 */
public final class PrivateKeys {

    static final String FORMATS = "a private JWK (JSON) or a PEM private key (-----BEGIN PRIVATE KEY----- PKCS#8, "
            + "-----BEGIN RSA PRIVATE KEY----- PKCS#1 or -----BEGIN EC PRIVATE KEY----- SEC1; unencrypted)";

    private PrivateKeys() {
    }

    /** The private key {@code text} holds; {@link IllegalArgumentException} saying what was expected when it holds none. */
    public static JWK parse(String text) {
        String t = text == null ? "" : text.strip();
        JWK key;
        try {
            key = t.startsWith("{") ? JWK.parse(t) : t.contains("-----BEGIN") ? fromPem(t) : null;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (java.text.ParseException | JOSEException | IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a readable private key (" + e.getClass().getSimpleName() + "); expected "
                    + FORMATS, e);
        }
        if (key == null) {
            throw new IllegalArgumentException("neither JSON nor PEM; expected " + FORMATS);
        }
        if (!key.isPrivate()) {
            throw new IllegalArgumentException("a public key only (no private part); expected " + FORMATS);
        }
        if (key.getKeyID() != null) {
            return key;
        }
        try {
            return switch (key.getKeyType().getValue()) {
                case "RSA" -> new com.nimbusds.jose.jwk.RSAKey.Builder(key.toRSAKey()).keyIDFromThumbprint().build();
                case "EC" -> new com.nimbusds.jose.jwk.ECKey.Builder(key.toECKey()).keyIDFromThumbprint().build();
                case "OKP" -> new com.nimbusds.jose.jwk.OctetKeyPair.Builder(key.toOctetKeyPair()).keyIDFromThumbprint().build();
                default -> key;
            };
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot compute the key's RFC 7638 thumbprint: " + e.getMessage(), e);
        }
    }

    /** Why {@code text} is not a usable private key, or empty when it is one. */
    public static Optional<String> problem(String text) {
        try {
            parse(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * PEM through Nimbus (BouncyCastle underneath); an EC key (PKCS#8 or SEC1), which may omit its public point, is
     * first rewritten as SEC1 with the point computed from the private scalar.
     */
    private static JWK fromPem(String pem) throws JOSEException, IOException {
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IllegalArgumentException("an encrypted PEM key; decrypt it first (openssl pkcs8 -in key.pem -out "
                    + "plain.pem) and keep the plain key out of version control");
        }
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            parsed = parser.readObject();
        }
        PrivateKeyInfo info = parsed instanceof PrivateKeyInfo p ? p
                : parsed instanceof org.bouncycastle.openssl.PEMKeyPair pair ? pair.getPrivateKeyInfo() : null;
        if (info != null && X9ObjectIdentifiers.id_ecPublicKey.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
            return JWK.parseFromPEMEncodedObjects(sec1(info));
        }
        return JWK.parseFromPEMEncodedObjects(pem);
    }

    private static String sec1(PrivateKeyInfo info) throws IOException {
        org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        // the curve: in PKCS#8's algorithm parameters, or (SEC1) in the key's own
        var params = info.getPrivateKeyAlgorithm().getParameters() instanceof ASN1ObjectIdentifier oid ? oid
                : inner.getParametersObject();
        if (!(params instanceof ASN1ObjectIdentifier curve) || ECNamedCurveTable.getByOID(curve) == null) {
            throw new IllegalArgumentException("an EC key on a curve that is not a named curve this suite knows; use "
                    + "P-256, P-384 or P-521");
        }
        X9ECParameters x9 = ECNamedCurveTable.getByOID(curve);
        byte[] point = x9.getG().multiply(inner.getKey()).normalize().getEncoded(false);
        org.bouncycastle.asn1.sec.ECPrivateKey full = new org.bouncycastle.asn1.sec.ECPrivateKey(x9.getN().bitLength(),
                inner.getKey(), new DERBitString(point), curve);
        StringWriter out = new StringWriter();
        try (PemWriter w = new PemWriter(out)) {
            w.writeObject(new PemObject("EC PRIVATE KEY", full.getEncoded()));
        }
        return out.toString();
    }
}
