package org.hitcert.checks.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class EnsureJwksPublicOnlyTest {

    private static JsonNode keys(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    @Test
    void whenKeysArePublicWithDistinctKidsThenNoProblem() throws Exception {
        assertThat(EnsureJwksPublicOnly.problems(keys("[{\"kty\":\"RSA\",\"kid\":\"a\",\"n\":\"x\",\"e\":\"AQAB\"},"
                + "{\"kty\":\"EC\",\"kid\":\"b\",\"crv\":\"P-256\",\"x\":\"x\",\"y\":\"y\"}]"))).isEmpty();
    }

    @Test
    void whenRsaPrivateMembersArePublishedThenTheyAreNamed() throws Exception {
        assertThat(EnsureJwksPublicOnly.problems(keys("[{\"kty\":\"RSA\",\"kid\":\"a\",\"n\":\"x\",\"e\":\"AQAB\",\"d\":\"s\","
                + "\"p\":\"s\",\"q\":\"s\",\"dp\":\"s\",\"dq\":\"s\",\"qi\":\"s\"}]")))
                .singleElement().asString().contains("[d, p, q, dp, dq, qi]").contains("kid 'a'");
    }

    @Test
    void whenSymmetricKeyIsPublishedThenItFails() throws Exception {
        assertThat(EnsureJwksPublicOnly.problems(keys("[{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"c2VjcmV0\"}]")))
                .singleElement().asString().contains("[k]");
    }

    @Test
    void whenKidIsMissingOrRepeatedOrKtyMissingThenEachIsNamed() throws Exception {
        assertThat(EnsureJwksPublicOnly.problems(keys("[{\"kty\":\"RSA\",\"n\":\"x\",\"e\":\"AQAB\"},"
                + "{\"kid\":\"a\",\"n\":\"x\"},{\"kty\":\"RSA\",\"kid\":\"a\",\"n\":\"y\",\"e\":\"AQAB\"}]")))
                .hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("no kid"))
                .anySatisfy(p -> assertThat(p).contains("no kty"))
                .anySatisfy(p -> assertThat(p).contains("repeats a kid"));
    }
}
