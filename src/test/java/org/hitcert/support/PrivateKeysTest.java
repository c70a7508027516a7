package org.hitcert.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import java.io.StringWriter;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;

/** Issue 19: a client key in PEM (PKCS#8, PKCS#1, SEC1) signs assertions as its JWK would; anything else is refused. */
class PrivateKeysTest {

    private static final KeyPair RSA = generate("RSA", null);
    private static final KeyPair EC = generate("EC", "secp384r1");

    private static KeyPair generate(String alg, String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
            if (curve == null) {
                g.initialize(2048);
            } else {
                g.initialize(new ECGenParameterSpec(curve));
            }
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8: the JDK's own encoding of a private key. */
    private static String pkcs8(KeyPair pair) throws Exception {
        return pem(new PemObject("PRIVATE KEY", pair.getPrivate().getEncoded()));
    }

    /** PKCS#1: what BouncyCastle writes for an RSA key pair. */
    private static String traditional(KeyPair pair) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(pair);
        }
        return out.toString();
    }

    /** SEC1 ({@code EC PRIVATE KEY}) naming its curve, without the optional public point. */
    private static String sec1WithoutPoint(KeyPair pair) throws Exception {
        java.math.BigInteger d = ((java.security.interfaces.ECPrivateKey) pair.getPrivate()).getS();
        return pem(new PemObject("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(384, d,
                org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp384r1).getEncoded()));
    }

    private static String pem(PemObject o) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }

    /** The key signs a client assertion that its public half verifies, under its thumbprint as kid. */
    private static void signsAsItsPublicKeyVerifies(String text, KeyPair pair, JWSAlgorithm alg) throws Exception {
        JWK key = PrivateKeys.parse(text);
        assertThat(key.isPrivate()).isTrue();
        assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
        assertThat(((AsymmetricJWK) key).toPublicKey()).isEqualTo(pair.getPublic());
        ClientAssertions assertions = ClientAssertions.of(text, "client-a", URI.create("https://as.example/token"));
        assertThat(assertions.baselineAlg()).isEqualTo(alg);
        SignedJWT jwt = SignedJWT.parse(assertions.baseline().sign());
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(key.getKeyID());
        assertThat(jwt.verify(new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), pair.getPublic()))).isTrue();
    }

    @Test
    void whenPemHoldsAnRsaKeyInPkcs8OrPkcs1ThenItSignsAsItsJwkWould() throws Exception {
        assertThat(traditional(RSA)).contains("-----BEGIN RSA PRIVATE KEY-----");
        signsAsItsPublicKeyVerifies(pkcs8(RSA), RSA, JWSAlgorithm.RS384);
        signsAsItsPublicKeyVerifies(traditional(RSA), RSA, JWSAlgorithm.RS384);
    }

    @Test
    void whenPemHoldsAnEcKeyInPkcs8WithoutItsPointOrInSec1ThenItSignsAsItsJwkWould() throws Exception {
        // the JDK's PKCS#8 of an EC key carries no public point, nor need SEC1: it is computed from the private scalar
        signsAsItsPublicKeyVerifies(pkcs8(EC), EC, JWSAlgorithm.ES384);
        signsAsItsPublicKeyVerifies(sec1WithoutPoint(EC), EC, JWSAlgorithm.ES384);
        assertThat(sec1WithoutPoint(EC)).contains("-----BEGIN EC PRIVATE KEY-----");
    }

    @Test
    void whenAJwkNamesKidAndAlgThenBothAreKept() throws Exception {
        JWK named = new com.nimbusds.jose.jwk.RSAKey.Builder((java.security.interfaces.RSAPublicKey) RSA.getPublic())
                .privateKey(RSA.getPrivate()).keyID("registered-kid").algorithm(JWSAlgorithm.PS256).build();
        JWK key = PrivateKeys.parse(named.toJSONString());
        assertThat(key.getKeyID()).isEqualTo("registered-kid");
        assertThat(ClientAssertions.algFor(key)).isEqualTo(JWSAlgorithm.PS256);
    }

    @Test
    void whenTheTextHoldsNoPrivateKeyThenTheMessageSaysWhatIsExpectedAndQuotesNothing() throws Exception {
        String publicOnly = pem(new PemObject("PUBLIC KEY", RSA.getPublic().getEncoded()));
        String secretLooking = "s3cr3t-value-never-quoted";
        for (String text : new String[] {secretLooking, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----",
                publicOnly, "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"test\",\"y\":\"test\",\"d\":\"" + secretLooking + "\"}"}) {
            assertThatThrownBy(() -> PrivateKeys.parse(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected a private JWK (JSON) or a PEM private key")
                    .hasMessageNotContaining(secretLooking);
        }
        assertThat(PrivateKeys.problem("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----"))
                .hasValueSatisfying(m -> assertThat(m).contains("encrypted PEM key; decrypt it first"));
        assertThat(PrivateKeys.problem(pkcs8(EC))).isEmpty();
    }
}
