package org.hitcert.checks.clientauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.junit.jupiter.api.Test;

class AssertionVerdictTest {

    private static TokenAnswer answer(int status, String body) {
        return TokenAnswer.of(new HttpExchange(HttpRequestSpec.postForm(URI.create("https://as.example/token"), "a", "b"), status,
                Map.of("Content-Type", List.of("application/json")), body, false, Duration.ZERO));
    }

    @Test
    void whenTokenIssuedThenAnswerSaysSoWithoutTheValue() {
        TokenAnswer a = answer(200, "{\"access_token\":\"eyJsecretvalue\",\"token_type\":\"Bearer\"}");
        assertThat(a.tokenIssued()).isTrue();
        assertThat(a.describe()).isEqualTo("200 with an access token").doesNotContain("secretvalue");
    }

    @Test
    void whenRefusedWithInvalidClientThenInvalidClient() {
        assertThat(answer(401, "{\"error\":\"invalid_client\"}").invalidClient()).isTrue();
        assertThat(answer(400, "{\"error\":\"invalid_request\"}").invalidClient()).isFalse();
        assertThat(answer(500, "<html>oops</html>").describe()).isEqualTo("500 (no JSON error)");
    }

    @Test
    void when200WithoutAccessTokenThenNoTokenIssued() {
        assertThat(answer(200, "{\"error\":\"invalid_client\"}").tokenIssued()).isFalse();
    }

    private static final TokenAnswer OK = answer(200, "{\"access_token\":\"x\"}");
    private static final TokenAnswer REFUSED = answer(401, "{\"error\":\"invalid_client\"}");

    private static TokenAnswer locked(long retryAfter) {
        return TokenAnswer.of(new HttpExchange(HttpRequestSpec.postForm(URI.create("https://as.example/token"), "a", "b"), 429,
                Map.of("Content-Type", List.of("application/json"), "Retry-After", List.of(Long.toString(retryAfter))),
                "{\"error\":\"invalid_client\",\"error_description\":\"too many failures\"}", false, Duration.ZERO));
    }

    private static RefusalProof.Step b(TokenAnswer a) {
        return RefusalProof.Step.baseline(a);
    }

    private static RefusalProof.Step v(String name, TokenAnswer a) {
        return RefusalProof.Step.variant(name, a);
    }

    @Test
    void whenAnyVariantGetsATokenThenFailureNamesThatMutation() {
        RefusalProof.Outcome o = RefusalProof.decide(List.of(b(OK), v("alg none", REFUSED), v("alg None", OK), b(OK)));
        assertThat(o.kind()).isEqualTo(RefusalProof.Kind.FAIL);
        assertThat(o.reason()).contains("alg None → 200 with an access token").doesNotContain("alg none →");
    }

    @Test
    void whenBaselineBeforeAndAfterAcceptedAndVariantsRefusedThenPass() {
        RefusalProof.Outcome o = RefusalProof.decide(List.of(b(OK), v("exp = now - 180 s", REFUSED), b(OK)));
        assertThat(o.kind()).isEqualTo(RefusalProof.Kind.PASS);
        assertThat(o.reason()).contains("exp = now - 180 s → 401 invalid_client").contains("before and after");
    }

    @Test
    void whenBaselineRefusedAfterTheVariantsThenTheirRefusalsAreUnproven() {
        List<RefusalProof.Step> steps = List.of(b(OK), v("no kid", REFUSED), v("unknown kid", locked(60)), b(locked(59)));
        assertThat(RefusalProof.unproven(steps)).containsExactly("no kid", "unknown kid");
        RefusalProof.Outcome o = RefusalProof.decide(steps);
        assertThat(o.kind()).isEqualTo(RefusalProof.Kind.INCONCLUSIVE);
        assertThat(o.reason()).contains("no kid, unknown kid").contains("429 invalid_client \"too many failures\" (Retry-After: 59)");
    }

    @Test
    void whenLockedClientAlsoAcceptsAlgNoneThenFailNotInconclusive() {
        // a server that locks the client after failures and accepts alg none: the accepted variant decides
        RefusalProof.Outcome o = RefusalProof.decide(List.of(b(OK), v("alg NONE", REFUSED), v("alg none", OK), b(locked(2))));
        assertThat(o.kind()).isEqualTo(RefusalProof.Kind.FAIL);
        assertThat(o.reason()).contains("alg none → 200 with an access token");
    }

    @Test
    void whenRetriedVariantIsBracketedByAcceptedBaselinesThenItIsProven() {
        List<RefusalProof.Step> steps = List.of(b(OK), v("a", REFUSED), v("b", locked(2)), b(locked(2)),
                b(OK), v("a", REFUSED), b(OK), v("b", REFUSED), b(locked(2)));
        assertThat(RefusalProof.unproven(steps)).containsExactly("b");
        List<RefusalProof.Step> more = new java.util.ArrayList<>(steps);
        more.addAll(List.of(b(OK), v("b", REFUSED), b(OK)));
        assertThat(RefusalProof.decide(more).kind()).isEqualTo(RefusalProof.Kind.PASS);
    }

    @Test
    void whenBaselineBeforeWasRefusedThenAVariantAfterItIsUnprovenEvenIfTheNextBaselineWorks() {
        assertThat(RefusalProof.unproven(List.of(b(locked(1)), v("a", REFUSED), b(OK)))).containsExactly("a");
    }

    @Test
    void whenRetryAfterExceedsTheBoundThenTheProbeGivesUp() {
        assertThat(RefusalProof.waitFor(locked(60), Duration.ZERO)).isEmpty();
        assertThat(RefusalProof.gaveUp(locked(60), Duration.ZERO)).contains("Retry-After of 60 s exceeds");
        assertThat(RefusalProof.waitFor(locked(2), Duration.ZERO)).contains(Duration.ofSeconds(2));
        assertThat(RefusalProof.waitFor(locked(0), Duration.ZERO)).contains(Duration.ofSeconds(1));
        assertThat(RefusalProof.waitFor(REFUSED, Duration.ZERO)).contains(RefusalProof.DEFAULT_WAIT);
        assertThat(RefusalProof.waitFor(locked(5), RefusalProof.MAX_TOTAL_WAIT.minusSeconds(4))).isEmpty();
    }

    @Test
    void whenThrottledThenTheAnswerSaysSo() {
        assertThat(locked(3).throttled()).isTrue();
        assertThat(REFUSED.throttled()).isFalse();
        assertThat(OK.throttled()).isFalse();
    }

    @Test
    void whenRefusedWithAnotherCodeThenNotedNotFailed() {
        assertThat(AssertionProbe.protocolNote(Map.of("no client_assertion_type", answer(400, "{\"error\":\"invalid_request\"}"))))
                .hasValueSatisfying(n -> assertThat(n).contains("invalid_request"));
        assertThat(AssertionProbe.protocolNote(Map.of("exp", REFUSED))).isEmpty();
    }
}
