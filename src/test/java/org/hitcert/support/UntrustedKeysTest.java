package org.hitcert.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class UntrustedKeysTest {

    @Test
    void whenEachPurposeAskedThenItsOwn2048BitPrivateKeyUnderTheGivenKid() {
        List<RSAKey> keys = Arrays.stream(UntrustedKeys.Purpose.values()).map(p -> UntrustedKeys.rsa(p, "kid-" + p)).toList();
        for (RSAKey key : keys) {
            assertThat(key.isPrivate()).isTrue();
            assertThat(key.size()).isEqualTo(2048);
            assertThat(key.getKeyID()).startsWith("kid-");
        }
        assertThat(keys.stream().map(RSAKey::getModulus).distinct()).hasSize(UntrustedKeys.Purpose.values().length);
    }

    @Test
    void whenSignedWithAKeyThenItsPublicHalfVerifies() throws Exception {
        RSAKey key = UntrustedKeys.rsa(UntrustedKeys.Purpose.UNKNOWN_SIGNER, null);
        JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.RS256), new Payload("{}"));
        jws.sign(new RSASSASigner(key));
        assertThat(jws.verify(new RSASSAVerifier(key.toPublicJWK()))).isTrue();
        assertThat(key.getKeyID()).isNull();
    }
}
