package org.hitcert.checks.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hitcert.checks.token.EnsureTokenResponsesNotCached.Observed;
import org.hitcert.checks.token.EnsureTokenResponsesNotCached.Verdict;
import org.junit.jupiter.api.Test;

class EnsureTokenResponsesNotCachedTest {

    private static Observed ok(String label, int status) {
        return new Observed(label, status, List.of("no-store"), List.of("no-cache"));
    }

    @Test
    void whenEveryResponseHasNoStoreAndPragmaThenPassWithoutNote() {
        Verdict v = EnsureTokenResponsesNotCached.decide(List.of(ok("authorization_code success", 200),
                ok("authorization_code error invalid_grant", 400)));
        assertThat(v.failure()).isEmpty();
        assertThat(v.pragmaNote()).isEmpty();
        assertThat(v.passReason()).contains("all 2 token responses");
    }

    @Test
    void whenNoStoreIsOneOfSeveralDirectivesThenItCounts() {
        Verdict v = EnsureTokenResponsesNotCached.decide(List.of(
                new Observed("refresh_token success", 200, List.of("private, NO-STORE, max-age=0"), List.of("no-cache"))));
        assertThat(v.failure()).isEmpty();
    }

    @Test
    void whenAnErrorResponseLacksNoStoreThenFailNamesGrantAndResponse() {
        Verdict v = EnsureTokenResponsesNotCached.decide(List.of(ok("authorization_code success", 200),
                new Observed("refresh_token error invalid_grant", 400, List.of(), List.of())));
        assertThat(v.failure()).get().asString().contains("refresh_token error invalid_grant (400) has Cache-Control absent")
                .doesNotContain("authorization_code success").contains("RFC 6749 §5.1");
    }

    @Test
    void whenCacheControlSaysOnlyNoCacheThenFail() {
        Verdict v = EnsureTokenResponsesNotCached.decide(List.of(
                new Observed("client_credentials success", 200, List.of("no-cache"), List.of("no-cache"))));
        assertThat(v.failure()).get().asString().contains("client_credentials success (200) has Cache-Control [no-cache]");
    }

    @Test
    void whenOnlyPragmaIsMissingThenPassWithANote() {
        Verdict v = EnsureTokenResponsesNotCached.decide(List.of(
                new Observed("authorization_code success", 200, List.of("no-store"), List.of())));
        assertThat(v.failure()).isEmpty();
        assertThat(v.pragmaNote()).get().asString().contains("authorization_code success (200)");
    }
}
