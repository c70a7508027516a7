package org.hitcert.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {

    private final Redactor redactor = new Redactor();

    @Test
    void whenSecretIsRegisteredThenEveryOccurrenceIsMaskedWithAFingerprint() {
        redactor.register("s3cr3t-client-value", "client secret");
        String out = redactor.scrub("a s3cr3t-client-value b s3cr3t-client-value");
        assertThat(out).doesNotContain("s3cr3t-client-value").contains("«client secret sha256:" + Redactor.fingerprint("s3cr3t-client-value") + "»");
    }

    @Test
    void whenTokensAppearByShapeThenTheyAreMasked() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl";
        String out = redactor.scrub("{\"access_token\":\"opaque-token-123\",\"refresh_token\":\"rt-456789\",\"id_token\":\"" + jwt + "\"}"
                + " code=abc123def&state=keep-me Authorization: Bearer zzzzzzzzzz");
        assertThat(out).doesNotContain("opaque-token-123", "rt-456789", jwt, "abc123def", "zzzzzzzzzz").contains("state=keep-me");
    }

    @Test
    void whenBearerIsProseThenItIsLeftAlone() {
        assertThat(redactor.scrub("refuses revoked tokens with a Bearer challenge")).isEqualTo("refuses revoked tokens with a Bearer challenge");
        assertThat(redactor.scrub("WWW-Authenticate: Bearer realm=\"x\"")).isEqualTo("WWW-Authenticate: Bearer realm=\"x\"");
    }

    @Test
    void whenPrivateJwkMembersAppearThenTheyAreMasked() {
        String out = redactor.scrub("{\"kty\":\"RSA\",\"n\":\"public-n\",\"d\":\"private-d-value\",\"p\":\"private-p\"}");
        assertThat(out).contains("public-n").doesNotContain("private-d-value", "private-p");
    }
}
