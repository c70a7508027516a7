package org.hitcert.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ClientAssertionsTest {

    private static final ECKey KEY = ClientAssertions.attackerKey();
    private static final URI TOKEN = URI.create("https://as.example/token");

    @Test
    void whenBaselineThenSmartShapeAndValidSignature() throws Exception {
        ClientAssertions a = ClientAssertions.of(KEY.toJSONString(), "client-1", TOKEN);
        SignedJWT jwt = SignedJWT.parse(a.baseline().sign());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES384");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(KEY.getKeyID());
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("client-1");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("client-1");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(TOKEN.toString());
        assertThat(jwt.getJWTClaimsSet().getJWTID()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().getTime() - System.currentTimeMillis()).isBetween(50_000L, 61_000L);
        assertThat(jwt.verify(new ECDSAVerifier(KEY.toPublicJWK()))).isTrue();
    }

    @Test
    void whenSignatureByteFlippedThenSignatureNoLongerVerifies() throws Exception {
        String jwt = ClientAssertions.of(KEY.toJSONString(), "c", TOKEN).baseline().sign();
        String flipped = ClientAssertions.flipSignatureByte(jwt);
        assertThat(flipped).isNotEqualTo(jwt);
        assertThat(flipped.substring(0, flipped.lastIndexOf('.'))).isEqualTo(jwt.substring(0, jwt.lastIndexOf('.')));
        assertThat(SignedJWT.parse(flipped).verify(new ECDSAVerifier(KEY.toPublicJWK()))).isFalse();
    }

    /** A P-256 client signs ES256: the attacker key of clientauth.assertion.signature must sign the same algorithm. */
    @Test
    void whenTheRegisteredKeyIsP256ThenAnAttackerKeyOfItsCurveSignsItsAlgorithm() throws Exception {
        ECKey p256 = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).keyID("k").generate();
        ClientAssertions a = ClientAssertions.of(p256.toJSONString(), "c", TOKEN);
        ECKey attacker = ClientAssertions.attackerKey(p256.getCurve());
        SignedJWT jwt = SignedJWT.parse(a.baseline().signWith(attacker, a.baselineAlg()).sign());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(jwt.verify(new ECDSAVerifier(attacker.toPublicJWK()))).isTrue();
        assertThat(jwt.verify(new ECDSAVerifier(p256.toPublicJWK()))).isFalse();
    }

    @Test
    void whenUnsignedThenHeaderCarriesTheGivenAlgAndSignatureIsEmpty() {
        String jwt = ClientAssertions.of(KEY.toJSONString(), "c", TOKEN).baseline().unsigned("nOnE");
        assertThat(jwt).endsWith(".");
        String header = new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
        assertThat(header).contains("\"alg\":\"nOnE\"");
    }

    @Test
    void whenPublicKeyEncodedThenPemJwkAndDerAreOffered() {
        assertThat(ClientAssertions.publicKeyEncodings(KEY.toPublicJWK()).keySet())
                .contains("PEM text", "PEM text with final newline", "public JWK JSON", "DER SubjectPublicKeyInfo");
    }

    @Test
    void whenKeyHasNoPrivatePartThenRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClientAssertions.of(KEY.toPublicJWK().toJSONString(), "c", TOKEN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no private part");
    }
}
