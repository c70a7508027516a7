package org.hitcert.checks.idtoken;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.hitcert.support.Jwt;
import org.junit.jupiter.api.Test;

/** The ID token decisions over hand-made tokens (signatures are not looked at here). */
class IdTokenDecisionsTest {

    private static final String ISSUER = "https://as.example";

    private static Jwt token(String claims) {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        return Jwt.decode(b.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln");
    }

    @Test
    void whenIssAudAzpAreExactThenNoProblem() {
        assertThat(EnsureIdTokenIssuerAudience.problem(token("{\"iss\":\"https://as.example\",\"aud\":[\"app\",\"api\"],"
                + "\"azp\":\"app\"}"), ISSUER, "app")).isEmpty();
    }

    @Test
    void whenIssHasATrailingSlashThenItFails() {
        assertThat(EnsureIdTokenIssuerAudience.problem(token("{\"iss\":\"https://as.example/\",\"aud\":\"app\"}"), ISSUER, "app"))
                .get().asString().contains("'https://as.example/'").contains("exactly");
    }

    @Test
    void whenAudLacksTheClientThenItFails() {
        assertThat(EnsureIdTokenIssuerAudience.problem(token("{\"iss\":\"https://as.example\",\"aud\":\"https://fhir\"}"),
                ISSUER, "app")).get().asString().contains("does not contain the client_id 'app'");
    }

    @Test
    void whenSeveralAudiencesAndNoAzpThenItFails() {
        assertThat(EnsureIdTokenIssuerAudience.problem(token("{\"iss\":\"https://as.example\",\"aud\":[\"app\",\"x\"]}"),
                ISSUER, "app")).get().asString().contains("no azp");
    }

    @Test
    void whenAzpNamesAnotherClientThenItFails() {
        assertThat(EnsureIdTokenIssuerAudience.problem(token("{\"iss\":\"https://as.example\",\"aud\":\"app\",\"azp\":\"x\"}"),
                ISSUER, "app")).get().asString().contains("azp is 'x'");
    }

    @Test
    void whenLifetimeIsShortThenNoProblem() {
        assertThat(EnsureIdTokenLifetime.problem(token("{\"iat\":1000,\"exp\":1300}"), 1010, 3600)).isEmpty();
    }

    @Test
    void whenExpOrIatIsMissingThenItFails() {
        assertThat(EnsureIdTokenLifetime.problem(token("{\"iat\":1000}"), 1010, 3600)).get().asString().contains("lacks");
        assertThat(EnsureIdTokenLifetime.problem(token("{\"exp\":\"soon\",\"iat\":1000}"), 1010, 3600)).isPresent();
    }

    @Test
    void whenIatIsInTheFutureOrExpNotAfterIatThenItFails() {
        assertThat(EnsureIdTokenLifetime.problem(token("{\"iat\":5000,\"exp\":5300}"), 1000, 3600)).get().asString()
                .contains("in the future");
        assertThat(EnsureIdTokenLifetime.problem(token("{\"iat\":1000,\"exp\":1000}"), 1000, 3600)).get().asString()
                .contains("not after");
    }

    @Test
    void whenLifetimeExceedsThePlanMaximumThenItFails() {
        assertThat(EnsureIdTokenLifetime.problem(token("{\"iat\":1000,\"exp\":316000000}"), 1000, 3600)).get().asString()
                .contains("at most 3600 s");
    }

    @Test
    void whenAtHashMatchesThenNoProblem() {
        // computed independently by Nimbus (OIDC Core §3.1.3.6)
        String at = "jHkWEdUXMU1BwAsC4vtUsZwnNmgY4gCLJ5vO7OxiYNl";
        String hash = com.nimbusds.openid.connect.sdk.claims.AccessTokenHash.compute(
                new com.nimbusds.oauth2.sdk.token.BearerAccessToken(at), com.nimbusds.jose.JWSAlgorithm.RS256, null).getValue();
        assertThat(EnsureIdTokenHashes.problem(token("{\"at_hash\":\"" + hash + "\"}"), at)).isEmpty();
    }

    @Test
    void whenAtHashDiffersThenItFails() {
        assertThat(EnsureIdTokenHashes.problem(token("{\"at_hash\":\"77QmUPtjPfzWtF2AnpK9RQ\"}"), "another-token"))
                .get().asString().contains("does not match");
    }
}
