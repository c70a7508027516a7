package org.hitcert.checks.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CertificateVerdictTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static KeyPair ec256;
    private static KeyPair rsa1024;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        ec256 = ec.generateKeyPair();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        rsa1024 = rsa.generateKeyPair();
    }

    private static X509Certificate cert(KeyPair keys, Instant from, Instant to, GeneralName... names) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=test"), BigInteger.TEN, Date.from(from),
                Date.from(to), new X500Name("CN=ignored.example"), keys.getPublic());
        if (names.length > 0) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        String alg = keys.getPublic().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(keys.getPrivate())));
    }

    private static X509Certificate good() throws Exception {
        return cert(ec256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90)),
                new GeneralName(GeneralName.dNSName, "fhir.example.org"));
    }

    @Test
    void whenCurrentMatchingStrongAndValidatedThenNoFindings() throws Exception {
        assertThat(CertificateVerdict.of("fhir.example.org:443", "fhir.example.org", List.of(good()), NOW, Optional.empty())
                .failures()).isEmpty();
    }

    @Test
    void whenExpiredThenFailureNamesValidity() throws Exception {
        X509Certificate c = cert(ec256, NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1)),
                new GeneralName(GeneralName.dNSName, "fhir.example.org"));
        assertThat(CertificateVerdict.of("h:443", "fhir.example.org", List.of(c), NOW, Optional.of("CertificateExpired"))
                .failures()).singleElement().asString().contains("validity window").contains("RFC 5280 §4.1.2.5");
    }

    @Test
    void whenSanNamesAnotherHostThenFailureNamesHost() throws Exception {
        X509Certificate c = cert(ec256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)),
                new GeneralName(GeneralName.dNSName, "other.example.org"));
        assertThat(CertificateVerdict.of("h:443", "fhir.example.org", List.of(c), NOW, Optional.of("no SAN match"))
                .failures()).singleElement().asString().contains("does not match the host fhir.example.org");
    }

    @Test
    void whenSubjectCnMatchesButSanDoesNotThenSanWins() throws Exception {
        X509Certificate c = cert(ec256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)),
                new GeneralName(GeneralName.dNSName, "other.example"));
        assertThat(CertificateVerdict.of("h:443", "ignored.example", List.of(c), NOW, Optional.empty()).failures()).hasSize(1);
    }

    @Test
    void whenRsaKeyIs1024BitsThenFailureNamesKeySize() throws Exception {
        X509Certificate c = cert(rsa1024, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)),
                new GeneralName(GeneralName.dNSName, "fhir.example.org"));
        assertThat(CertificateVerdict.of("h:443", "fhir.example.org", List.of(c), NOW, Optional.empty()).failures())
                .singleElement().asString().contains("1024-bit RSA").contains("RFC 9325 §4.3");
    }

    @Test
    void whenOnlyValidationFailsThenFailureNamesTheAnchor() throws Exception {
        assertThat(CertificateVerdict.of("h:443", "fhir.example.org", List.of(good()), NOW,
                Optional.of("PKIX path building failed")).failures())
                .singleElement().asString().contains("does not validate to the declared trust anchor");
    }

    @Test
    void whenNamesAreComparedThenWildcardsCoverOneLabelAndIpsCompareAsAddresses() {
        assertThat(CertificateVerdict.matches("*.example.org", "fhir.example.org")).isTrue();
        assertThat(CertificateVerdict.matches("*.example.org", "a.fhir.example.org")).isFalse();
        assertThat(CertificateVerdict.matches("*.org", "example.org")).isFalse();
        assertThat(CertificateVerdict.matches("LOCALHOST", "localhost")).isTrue();
        assertThat(CertificateVerdict.matches("127.0.0.1", "127.0.0.1")).isTrue();
        assertThat(CertificateVerdict.matches("127.0.0.1", "localhost")).isFalse();
        assertThat(CertificateVerdict.matches("0:0:0:0:0:0:0:1", "[::1]")).isTrue();
    }
}
