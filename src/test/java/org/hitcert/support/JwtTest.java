package org.hitcert.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwtTest {

    private static RSAKey key;
    private static RSAKey other;

    @BeforeAll
    static void keys() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        other = new RSAKeyGenerator(2048).keyID("k2").generate();
    }

    private static String signed(RSAKey with, String kid) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
                new JWTClaimsSet.Builder().subject("s").audience("a").build());
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    @Test
    void whenSignedByThePublishedKeyThenItVerifies() throws Exception {
        Jwt.Verification v = Jwt.decode(signed(key, "k1")).verify(new JWKSet(key.toPublicJWK()).toString());
        assertThat(v.verified()).as(v.detail()).isTrue();
    }

    @Test
    void whenSignedByAnotherKeyUnderThePublishedKidThenItDoesNotVerify() throws Exception {
        Jwt.Verification v = Jwt.decode(signed(other, "k1")).verify(new JWKSet(key.toPublicJWK()).toString());
        assertThat(v.verified()).isFalse();
        assertThat(v.detail()).contains("does not verify");
    }

    @Test
    void whenKidIsUnknownThenItDoesNotVerify() throws Exception {
        Jwt.Verification v = Jwt.decode(signed(key, "nope")).verify(new JWKSet(key.toPublicJWK()).toString());
        assertThat(v.verified()).isFalse();
        assertThat(v.detail()).contains("kid 'nope'");
    }

    @Test
    void whenAlgIsNoneThenItDecodesButDoesNotVerify() {
        Jwt jwt = Jwt.decode(new PlainJWT(new JWTClaimsSet.Builder().subject("s").build()).serialize());
        assertThat(jwt.alg()).isEqualTo("none");
        assertThat(jwt.claim("sub")).contains("s");
        assertThat(jwt.verify("{\"keys\":[]}").verified()).isFalse();
    }

    @Test
    void whenNotAJwtThenDecodeSaysWhy() {
        assertThatThrownBy(() -> Jwt.decode("opaque-token")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 dot-separated");
    }

    @Test
    void whenAudIsAStringOrAnArrayThenAudienceIsAList() {
        java.util.Base64.Encoder b = java.util.Base64.getUrlEncoder().withoutPadding();
        String h = b.encodeToString("{\"alg\":\"none\"}".getBytes());
        assertThat(Jwt.decode(h + "." + b.encodeToString("{\"aud\":\"x\"}".getBytes()) + ".").audience()).containsExactly("x");
        assertThat(Jwt.decode(h + "." + b.encodeToString("{\"aud\":[\"x\",\"y\"]}".getBytes()) + ".").audience())
                .containsExactly("x", "y");
    }
}
