package org.hitcert.reference;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA and a server certificate for localhost / 127.0.0.1, both EC P-256, made at start. */
final class Pki {

    private static final String ALIAS = "server";

    /** The weak suite the {@code weak-cipher-enabled} flaw adds: no encryption at all (RFC 9325 §4.1: MUST NOT). */
    static final String WEAK_SUITE = "TLS_ECDHE_ECDSA_WITH_NULL_SHA";
    /** A TLS 1.0-capable suite for the {@code tls10-enabled} flaw (the default suites are TLS 1.2+ only). */
    static final String TLS10_SUITE = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA";

    final X509Certificate ca;
    final SSLContext sslContext;
    private final KeyManager keyManager;
    private final KeyPair caKeys;

    private Pki(X509Certificate ca, SSLContext sslContext, KeyManager keyManager, KeyPair caKeys) {
        this.ca = ca;
        this.sslContext = sslContext;
        this.keyManager = keyManager;
        this.caKeys = caKeys;
    }

    /** What is wrong with the certificate of the flawed FHIR listener ({@code cert-*} flaws); the CA is the good one. */
    enum Defect {
        /** validity ended yesterday (RFC 5280 §4.1.2.5) */
        EXPIRED,
        /** SAN DNS:wrong-host.invalid only, so "localhost" does not match (RFC 6125 §6) */
        WRONG_HOST,
        /** an RSA key of 1024 bits (RFC 9325 §4.1: keys under 2048 bits SHOULD NOT be used; NIST: disallowed) */
        WEAK_KEY
    }

    /** A JDK TLS context whose server certificate, issued by this CA, has {@code defect}. */
    SSLContext flawedContext(Defect defect, SecureRandom random) throws Exception {
        KeyPair keys;
        if (defect == Defect.WEAK_KEY) {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(1024, random);
            keys = rsa.generateKeyPair();
        } else {
            keys = serverKeys(null);
        }
        Instant now = Instant.now();
        Date notBefore = Date.from(defect == Defect.EXPIRED ? now.minus(Duration.ofDays(10)) : now.minus(Duration.ofMinutes(5)));
        Date notAfter = Date.from(defect == Defect.EXPIRED ? now.minus(Duration.ofDays(1)) : now.plus(Duration.ofDays(2)));
        GeneralName[] names = defect == Defect.WRONG_HOST
                ? new GeneralName[] {new GeneralName(GeneralName.dNSName, "wrong-host.invalid")}
                : new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")};
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(random), notBefore, notAfter,
                new X500Name(defect == Defect.WRONG_HOST ? "CN=wrong-host.invalid" : "CN=localhost"), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
                .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
        X509Certificate cert = sign(b, caKeys);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(new KeyManager[] {keyManager(new X509Certificate[] {cert, ca}, keys.getPrivate())}, null, random);
        return ssl;
    }

    /**
     * The same key and chain in a BouncyCastle JSSE context, for the flaws that enable TLS 1.0 or a weak suite (Java's
     * provider refuses them whatever the server asks). Only a flawed reference uses it.
     */
    SSLContext legacyContext(SecureRandom random) throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS", org.hitcert.support.LegacyJsse.provider());
        ssl.init(new KeyManager[] {keyManager}, null, random);
        return ssl;
    }

    private static KeyPair serverKeys;

    /**
     * One server key per JVM: certificates are new at every start, but the key stays, so a browser told to
     * accept this key (Chromium's SPKI allowlist) serves every reference started in the same JVM.
     */
    private static synchronized KeyPair serverKeys(KeyPairGenerator gen) {
        if (serverKeys == null) {
            serverKeys = gen.generateKeyPair();
        }
        return serverKeys;
    }

    static Pki generate(SecureRandom random) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair caKeys = gen.generateKeyPair();
        KeyPair serverKeys = serverKeys(gen);
        Instant now = Instant.now();
        Date notBefore = Date.from(now.minus(Duration.ofMinutes(5)));
        Date notAfter = Date.from(now.plus(Duration.ofDays(2)));
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();

        X500Name caName = new X500Name("CN=hitcert reference CA " + now.getEpochSecond());
        X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caName, serial(random), notBefore, notAfter,
                caName, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
        X509Certificate ca = sign(caBuilder, caKeys);

        X509v3CertificateBuilder serverBuilder = new JcaX509v3CertificateBuilder(ca, serial(random), notBefore, notAfter,
                new X500Name("CN=localhost"), serverKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}))
                .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(serverKeys.getPublic()));
        X509Certificate server = sign(serverBuilder, caKeys);

        // a key manager over the in-memory key: a PKCS12 store would spend start-up time on password-based encryption
        X509ExtendedKeyManager km = keyManager(new X509Certificate[] {server, ca}, serverKeys.getPrivate());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(new KeyManager[] {km}, null, random);
        return new Pki(ca, ssl, km, caKeys);
    }

    /** Offers {@code chain} for key types that match {@code key}'s algorithm (EC: "EC", "ECDHE_ECDSA"; RSA: "RSA", "ECDHE_RSA"). */
    private static X509ExtendedKeyManager keyManager(X509Certificate[] chain, PrivateKey key) {
        boolean ec = key.getAlgorithm().equals("EC");
        java.util.function.Predicate<String> fits = keyType -> keyType != null && (ec ? keyType.startsWith("EC")
                : keyType.equals("RSA") || keyType.endsWith("_RSA"));
        return new X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return new String[] {ALIAS};
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return fits.test(keyType) ? ALIAS : null; // BouncyCastle asks for "ECDHE_ECDSA" below TLS 1.3
            }

            @Override
            public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
                return fits.test(keyType) ? ALIAS : null; // BouncyCastle asks for "ECDHE_ECDSA" below TLS 1.3
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return ALIAS.equals(alias) ? chain.clone() : null;
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return ALIAS.equals(alias) ? key : null;
            }
        };
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(64, random).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        ContentSigner cs = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(cs));
    }
}
