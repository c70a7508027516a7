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
    void whenNothingIsClaimedThenThePublicClientAndTheRecommendedMaximumAreUsed() {
        var pick = ExpireCodes.shortestClaim(CLIENTS, Map.of()).orElseThrow();
        assertThat(pick.getKey().role()).isEqualTo("public");
        assertThat(pick.getValue()).isEqualTo(600L);
    }

    @Test
    void whenARoleClaimsAShorterLifetimeThenThatClientIsUsed() {
        var pick = ExpireCodes.shortestClaim(CLIENTS, Map.of("code-lifetime-seconds", 60L, "code-lifetime-seconds-second", 3L))
                .orElseThrow();
        assertThat(pick.getKey().role()).isEqualTo("second");
        assertThat(pick.getValue()).isEqualTo(3L);
    }

    @Test
    void whenOnlyTheBackendClientExistsThenThereIsNoClientForTheFlow() {
        assertThat(ExpireCodes.shortestClaim(List.of(client("backend")), Map.of())).isEmpty();
    }
}
