package org.hitcert.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The attacker page must be cross-site to the candidate: a port alone does not make another site. */
class AttackerOriginTest {

    @Test
    void whenCandidateIsOnLocalhostThenTheAttackerUsesTheIpLiteral() {
        assertThat(AttackerOrigin.crossSiteHost(List.of("localhost"))).hasValue("127.0.0.1");
        assertThat(AttackerOrigin.crossSiteHost(List.of("ehr.example.org"))).hasValue("127.0.0.1");
    }

    @Test
    void whenCandidateIsOn127001ThenTheAttackerUsesLocalhost() {
        assertThat(AttackerOrigin.crossSiteHost(List.of("127.0.0.1"))).hasValue("localhost");
    }

    @Test
    void whenCandidateUsesBothLoopbackNamesThenThereIsNoCrossSiteOrigin() {
        assertThat(AttackerOrigin.crossSiteHost(List.of("LOCALHOST", "127.0.0.1"))).isEmpty();
    }
}
