package org.hitcert.checks.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodeEntropyTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static List<String> codes(int n, java.util.function.Supplier<String> gen) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(gen.get());
        }
        return out;
    }

    private static String base64url(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Test
    void whenCodesAre256RandomBitsThenThereIsNoWeakness() {
        assertThat(CodeEntropy.weakness(codes(20, () -> base64url(32)))).isEmpty();
    }

    @Test
    void whenCodesAre8HexDigitsThenTheyAreTooShort() {
        assertThat(CodeEntropy.weakness(codes(20, () -> String.format("%08x", RANDOM.nextInt())))).get().asString()
                .contains("hex-like (16 symbols counted").contains("at most 32 bits");
    }

    @Test
    void whenACodeRepeatsThenThatIsTheWeakness() {
        List<String> c = codes(19, () -> base64url(32));
        c.add(c.get(3));
        assertThat(CodeEntropy.weakness(c)).get().asString().contains("1 of 20 codes repeated");
    }

    @Test
    void whenCodesShareALongPrefixThenOnlyTheRestCounts() {
        String prefix = "eyJhbGciOiJSUzI1NiJ9.";
        assertThat(CodeEntropy.weakness(codes(20, () -> prefix + base64url(8)))).get().asString()
                .contains("21 position(s) the same");
        assertThat(CodeEntropy.weakness(codes(20, () -> prefix + base64url(32)))).isEmpty();
    }

    @Test
    void whenCodesAreUuidV4ThenTheyCarry122BitsNot186() {
        CodeEntropy.Estimate e = CodeEntropy.estimate(codes(20, () -> java.util.UUID.randomUUID().toString()));
        assertThat(e.constant()).isEqualTo(5);
        assertThat(e.encoding()).isEqualTo("hex-like");
        assertThat(e.capped()).isEqualTo(1);
        assertThat(e.bits()).isEqualTo(122.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(CodeEntropy.weakness(codes(20, () -> java.util.UUID.randomUUID().toString()))).get().asString()
                .contains("at most 122 bits, fewer than 128");
    }

    @Test
    void whenOneDashAppearsInHexCodesThenTheBoundStaysHex() {
        List<String> c = codes(20, () -> String.format("%016x%016x", RANDOM.nextLong(), RANDOM.nextLong()).substring(0, 31));
        String first = c.get(0);
        c.set(0, first.substring(0, 10) + "-" + first.substring(11));
        CodeEntropy.Estimate e = CodeEntropy.estimate(c);
        assertThat(e.encoding()).isEqualTo("hex-like");
        assertThat(e.bits()).isLessThanOrEqualTo(31 * 4.0);
        assertThat(CodeEntropy.weakness(c)).isPresent();
    }

    @Test
    void whenCodesUseAShortAlphabetThatLooksLikeHexThenOnlyTheSymbolsSeenCount() {
        List<String> c = codes(20, () -> {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 32; i++) {
                b.append((char) ('a' + RANDOM.nextInt(8)));
            }
            return b.toString();
        });
        CodeEntropy.Estimate e = CodeEntropy.estimate(c);
        assertThat(e.alphabet()).isEqualTo(8);
        assertThat(CodeEntropy.weakness(c)).get().asString().contains("at most 96 bits");
    }

    @Test
    void whenCodesAreExactly128BitsOfBase64urlThenTheyPass() {
        for (int run = 0; run < 50; run++) {
            assertThat(CodeEntropy.weakness(codes(20, () -> base64url(16)))).isEmpty();
        }
    }

    @Test
    void whenCodesAreDecimalThenTheAlphabetIsTen() {
        assertThat(CodeEntropy.estimate(codes(20, () -> String.valueOf(1_000_000_000L + (RANDOM.nextLong() & Long.MAX_VALUE)
                % 9_000_000_000L))).encoding()).isEqualTo("decimal-like");
        assertThat(CodeEntropy.estimate(codes(20, () -> base64url(32))).encoding()).isEqualTo("base64url-like");
    }
}
