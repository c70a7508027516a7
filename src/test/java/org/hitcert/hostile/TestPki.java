package org.hitcert.hostile;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A test CA and server certificates signed by it: valid for localhost, for another host, or expired. */
final class TestPki {

    private final KeyPair caKeys;
    final X509Certificate ca;

    TestPki() throws Exception {
        caKeys = keys();
        X500Name name = new X500Name("CN=hitcert hostile test CA");
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(Instant.now().minus(Duration.ofDays(1))), Date.from(Instant.now().plus(Duration.ofDays(1))), name, caKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        ca = sign(b, caKeys);
    }

    enum Leaf { LOCALHOST, OTHER_HOST, EXPIRED }

    SSLContext serverContext(Leaf leaf) throws Exception {
        KeyPair keys = keys();
        Instant now = Instant.now();
        Instant from = leaf == Leaf.EXPIRED ? now.minus(Duration.ofDays(10)) : now.minus(Duration.ofHours(1));
        Instant to = leaf == Leaf.EXPIRED ? now.minus(Duration.ofDays(1)) : now.plus(Duration.ofDays(1));
        String host = leaf == Leaf.OTHER_HOST ? "other.example" : "localhost";
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=hitcert hostile test CA"),
                BigInteger.valueOf(new SecureRandom().nextInt(1 << 30)), Date.from(from), Date.from(to), new X500Name("CN=" + host), keys.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, host)));
        X509Certificate cert = sign(b, caKeys);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", keys.getPrivate(), "x".toCharArray(), new X509Certificate[] {cert, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "x".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    void writeCa(Path file) throws Exception {
        StringWriter w = new StringWriter();
        w.write("-----BEGIN CERTIFICATE-----\n");
        w.write(Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(ca.getEncoded()));
        w.write("\n-----END CERTIFICATE-----\n");
        Files.writeString(file, w.toString());
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        return gen.generateKeyPair();
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }
}
