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

    private Pki(X509Certificate ca, SSLContext sslContext, KeyManager keyManager) {
        this.ca = ca;
        this.sslContext = sslContext;
        this.keyManager = keyManager;
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
        X509Certificate[] chain = {server, ca};
        PrivateKey key = serverKeys.getPrivate();
        X509ExtendedKeyManager km = new X509ExtendedKeyManager() {
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
                return keyType != null && keyType.startsWith("EC") ? ALIAS : null; // BouncyCastle asks for "ECDHE_ECDSA" below TLS 1.3
            }

            @Override
            public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
                return keyType != null && keyType.startsWith("EC") ? ALIAS : null; // BouncyCastle asks for "ECDHE_ECDSA" below TLS 1.3
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
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(new KeyManager[] {km}, null, random);
        return new Pki(ca, ssl, km);
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(64, random).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        ContentSigner cs = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(cs));
    }
}
