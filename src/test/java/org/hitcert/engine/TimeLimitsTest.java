package org.hitcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.CheckCatalog;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Location;
import org.hitcert.model.Params;
import org.hitcert.support.Target;
import org.junit.jupiter.api.Test;

/** A check's time limit covers what it will do: its browser flows and the wait for a lifetime the candidate claims. */
class TimeLimitsTest {

    static final CheckCatalog CATALOG = CheckCatalog.standard();

    static Settings settings(long stepTimeout, long maxWait) {
        return new Settings(Optional.empty(), Path.of("c.yaml"), List.of(), List.of(), "chromium", Duration.ofSeconds(90),
                Duration.ofSeconds(15), Duration.ofSeconds(stepTimeout), List.of("chromium"), Duration.ofSeconds(maxWait));
    }

    static Target target(Map<String, Long> claims) {
        ClientSpec app = new ClientSpec("public", "app", "none", Optional.empty(), Optional.empty(), List.of(), "openid",
                Location.builtIn("test"));
        return new Target("t", URI.create("https://as.example"), Optional.empty(), Map.of(), Optional.empty(), List.of(app),
                List.of(), List.of(), URI.create("http://127.0.0.1:1/cb"), claims);
    }

    @Test
    void whenTheCandidateClaimsAFiveMinuteCodeLifetimeThenTheCodeCheckMayWaitItOut() {
        TimeLimits.Limit limit = TimeLimits.of(CATALOG.check("token.code.expires").orElseThrow(), Params.NONE,
                target(Map.of("code-lifetime-seconds", 300L)), settings(10, 900));
        assertThat(limit.plannedWait()).contains(Duration.ofSeconds(302));
        assertThat(limit.limit()).isEqualTo(Duration.ofSeconds(90 + 302 + 30));
        assertThat(limit.derivation()).contains("planned wait of 302 s");
    }

    @Test
    void whenNothingIsClaimedThenNoWaitIsAssumed() {
        TimeLimits.Limit limit = TimeLimits.of(CATALOG.check("token.code.expires").orElseThrow(), Params.NONE,
                target(Map.of()), settings(10, 900));
        assertThat(limit.plannedWait()).isEmpty();
        assertThat(limit.limit()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void whenTheClaimExceedsTheRunsMaximumThenTheWaitIsCappedThere() {
        TimeLimits.Limit limit = TimeLimits.of(CATALOG.check("token.code.expires").orElseThrow(), Params.NONE,
                target(Map.of("code-lifetime-seconds", 3600L)), settings(10, 900));
        assertThat(limit.plannedWait()).contains(Duration.ofSeconds(900));
    }

    @Test
    void whenACheckDoesABrowserFlowPerRedirectVariantThenItsLimitCoversEveryFlow() {
        org.hitcert.checks.Check redirects = CATALOG.check("authorize.redirect-uri.exact-match").orElseThrow();
        TimeLimits.Limit limit = TimeLimits.of(redirects, Params.NONE, target(Map.of()), settings(20, 900));
        long variants = ((List<?>) redirects.info().params().get(0).defaultValue()).size();
        assertThat(limit.limit()).isEqualTo(Duration.ofSeconds((1 + variants) * (2 * 20 + 15)));
        assertThat(limit.limit().toSeconds()).isGreaterThan(164); // the time seen for the variants on a loaded machine
        assertThat(limit.derivation()).contains((1 + variants) + " browser flows");
    }
}
