package org.hitcert.checks.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Location;
import org.junit.jupiter.api.Test;

class ExpireIdleRefreshTokensTest {

    private static ClientSpec client(String role) {
        return new ClientSpec(role, "c-" + role, "none", Optional.empty(), Optional.empty(), List.of(), "openid offline_access",
                Location.builtIn("test"));
    }

    private static final List<ClientSpec> CLIENTS = List.of(client("public"), client("backend"), client("refresh-idle"));

    @Test
    void whenNothingIsClaimedThenNoClientIsPicked() {
        assertThat(ExpireIdleRefreshTokens.shortestClaim(CLIENTS, Map.of("code-lifetime-seconds", 60L))).isEmpty();
    }

    @Test
    void whenAGlobalLimitIsClaimedThenTheFirstBrowserClientIsPicked() {
        var pick = ExpireIdleRefreshTokens.shortestClaim(CLIENTS, Map.of("refresh-idle-seconds", 1800L)).orElseThrow();
        assertThat(pick.getKey().role()).isEqualTo("public");
        assertThat(pick.getValue()).isEqualTo(1800L);
    }

    @Test
    void whenARoleClaimsAShorterLimitThenThatClientIsPicked() {
        var pick = ExpireIdleRefreshTokens.shortestClaim(CLIENTS,
                Map.of("refresh-idle-seconds", 1800L, "refresh-idle-seconds-refresh-idle", 3L)).orElseThrow();
        assertThat(pick.getKey().role()).isEqualTo("refresh-idle");
        assertThat(pick.getValue()).isEqualTo(3L);
    }

    @Test
    void whenOnlyTheBackendClientHasAClaimThenNoClientIsPicked() {
        assertThat(ExpireIdleRefreshTokens.shortestClaim(CLIENTS, Map.of("refresh-idle-seconds-backend", 3L))).isEmpty();
    }
}
