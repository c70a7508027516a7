package org.hitcert.checks.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Location;
import org.junit.jupiter.api.Test;

class ExpireCodesTest {

    private static ClientSpec client(String role) {
        return new ClientSpec(role, "c-" + role, "none", Optional.empty(), Optional.empty(), List.of(), "openid",
                Location.builtIn("test"));
    }

    private static final List<ClientSpec> CLIENTS = List.of(client("public"), client("backend"), client("second"));

    @Test
    void whenNothingIsClaimedThenNothingIsAssumed() {
        assertThat(ExpireCodes.shortestClaim(CLIENTS, Map.of(), 0)).isEmpty();
        assertThat(new ExpireCodes().plannedWait(target(Map.of()), org.hitcert.model.Params.NONE)).isEmpty();
    }

    @Test
    void whenThePlanAssumesALifetimeThenThePublicClientAndThatLifetimeAreUsed() {
        var pick = ExpireCodes.shortestClaim(CLIENTS, Map.of(), 600).orElseThrow();
        assertThat(pick.getKey().role()).isEqualTo("public");
        assertThat(pick.getValue()).isEqualTo(600L);
    }

    @Test
    void whenALifetimeIsClaimedThenThePlannedWaitIsItPlusTheMargin() {
        assertThat(new ExpireCodes().plannedWait(target(Map.of("code-lifetime-seconds", 300L)),
                org.hitcert.model.Params.NONE)).contains(java.time.Duration.ofSeconds(302));
    }

    private static org.hitcert.support.Target target(Map<String, Long> claims) {
        return new org.hitcert.support.Target("t", java.net.URI.create("https://as.example"), Optional.empty(), Map.of(),
                Optional.empty(), CLIENTS, List.of(), List.of(), java.net.URI.create("http://127.0.0.1:1/cb"), claims);
    }

    @Test
    void whenARoleClaimsAShorterLifetimeThenThatClientIsUsed() {
        var pick = ExpireCodes.shortestClaim(CLIENTS, Map.of("code-lifetime-seconds", 60L, "code-lifetime-seconds-second", 3L), 0)
                .orElseThrow();
        assertThat(pick.getKey().role()).isEqualTo("second");
        assertThat(pick.getValue()).isEqualTo(3L);
    }

    @Test
    void whenOnlyTheBackendClientExistsThenThereIsNoClientForTheFlow() {
        assertThat(ExpireCodes.shortestClaim(List.of(client("backend")), Map.of(), 600)).isEmpty();
    }
}
