package org.hitcert.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TotpTest {

    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void whenRfc6238Sha1VectorsThenCodesMatchAppendixB() {
        assertThat(Totp.code(RFC_SEED, 59, 8)).isEqualTo("94287082");
        assertThat(Totp.code(RFC_SEED, 1111111109, 8)).isEqualTo("07081804");
        assertThat(Totp.code(RFC_SEED, 1111111111, 8)).isEqualTo("14050471");
        assertThat(Totp.code(RFC_SEED, 1234567890, 8)).isEqualTo("89005924");
        assertThat(Totp.code(RFC_SEED, 2000000000, 8)).isEqualTo("69279037");
        assertThat(Totp.code(RFC_SEED, 20000000000L, 8)).isEqualTo("65353130");
    }

    @Test
    void whenBase32SeedThenSixDigitCodeIsTheLastSixOfTheVector() {
        String base32 = Totp.toBase32(RFC_SEED);
        assertThat(base32).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.base32(base32.toLowerCase())).isEqualTo(RFC_SEED);
        assertThat(Totp.code(base32, 59)).isEqualTo("287082");
    }

    @Test
    void whenSecretIsNotBase32ThenRefused() {
        assertThatThrownBy(() -> Totp.base32("not base32!")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base32");
    }
}
