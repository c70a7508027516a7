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
                .contains("alphabet of 16 symbols").contains("at most 32 bits");
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
    void whenCodesAreDecimalThenTheAlphabetIsTen() {
        assertThat(CodeEntropy.alphabetSize(List.of("0123", "9876"))).isEqualTo(10);
        assertThat(CodeEntropy.alphabetSize(List.of("ab_-", "Zz09"))).isEqualTo(64);
    }
}
