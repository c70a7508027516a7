package org.hitcert.checks.heart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.hitcert.support.Jwt;
import org.junit.jupiter.api.Test;

class EnsureJwtAccessTokenClaimsTest {

    private static Jwt token(String header, String claims) {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        return Jwt.decode(b.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln");
    }

    @Test
    void whenAllHeartClaimsArePresentThenNoProblem() {
        assertThat(EnsureJwtAccessTokenClaims.problems(token("{\"alg\":\"RS256\",\"kid\":\"k\"}",
                "{\"iss\":\"https://as\",\"azp\":\"app\",\"exp\":5,\"jti\":\"abcdefghijklmnopqrstuvwxyz\"}"), "https://as", "app"))
                .isEmpty();
    }

    @Test
    void whenKidAzpAndJtiAreMissingThenEachIsNamed() {
        assertThat(EnsureJwtAccessTokenClaims.problems(token("{\"alg\":\"RS256\"}", "{\"iss\":\"https://as\",\"exp\":5,\"jti\":\"1\"}"),
                "https://as", "app")).hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("no kid"))
                .anySatisfy(p -> assertThat(p).contains("azp is absent"))
                .anySatisfy(p -> assertThat(p).contains("too short"));
    }
}
