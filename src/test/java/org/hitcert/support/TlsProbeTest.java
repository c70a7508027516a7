package org.hitcert.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.hitcert.reference.Flaw;
import org.hitcert.reference.ReferenceCandidate;
import org.hitcert.reference.ReferenceOptions;
import org.junit.jupiter.api.Test;

/** The probe's own capability: it can offer TLS 1.0 and a NULL suite, and tells a refusal from a negotiation. */
class TlsProbeTest {

    private static final URI CALLBACK = URI.create("http://127.0.0.1:1/callback");

    private static TlsProbe probe() {
        return new TlsProbe(new HostPolicy(List.of("localhost")), 5000, new EvidenceLog());
    }

    @Test
    void whenServerEnablesTls10ThenProbeNegotiatesIt() throws Exception {
        try (ReferenceCandidate rc = ReferenceCandidate.start(new ReferenceOptions(Set.of(Flaw.TLS10_ENABLED), CALLBACK, 0))) {
            TlsProbe.Result r = probe().handshake(rc.issuer(), "TLSv1", null);
            assertThat(r.outcome()).as(r.summary()).isEqualTo(TlsProbe.Outcome.NEGOTIATED);
            assertThat(r.protocol()).isEqualTo("TLSv1");
            assertThat(r.chain()).isNotEmpty();
        }
    }

    @Test
    void whenServerIsCleanThenLegacyVersionsAndNullSuitesAreRefusedAndModernOnesNegotiated() throws Exception {
        try (ReferenceCandidate rc = ReferenceCandidate.start(new ReferenceOptions(Set.of(), CALLBACK, 0))) {
            TlsProbe p = probe();
            assertThat(p.handshake(rc.issuer(), "TLSv1", null).outcome()).isEqualTo(TlsProbe.Outcome.REFUSED);
            assertThat(p.handshake(rc.issuer(), "TLSv1.1", null).outcome()).isEqualTo(TlsProbe.Outcome.REFUSED);
            assertThat(p.handshake(rc.issuer(), "TLSv1.2", List.of("TLS_ECDHE_ECDSA_WITH_NULL_SHA")).outcome())
                    .isEqualTo(TlsProbe.Outcome.REFUSED);
            TlsProbe.Result v13 = p.handshake(rc.issuer(), "TLSv1.3", null);
            assertThat(v13.outcome()).as(v13.summary()).isEqualTo(TlsProbe.Outcome.NEGOTIATED);
            assertThat(v13.protocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void whenServerEnablesNullSuiteThenProbeNegotiatesIt() throws Exception {
        try (ReferenceCandidate rc = ReferenceCandidate.start(new ReferenceOptions(Set.of(Flaw.WEAK_CIPHER_ENABLED), CALLBACK, 0))) {
            TlsProbe.Result r = probe().handshake(rc.issuer(), "TLSv1.2", List.of("TLS_ECDHE_ECDSA_WITH_NULL_SHA"));
            assertThat(r.outcome()).as(r.summary()).isEqualTo(TlsProbe.Outcome.NEGOTIATED);
            assertThat(r.cipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_NULL_SHA");
        }
    }

    @Test
    void whenProtocolIsUnknownHereThenNotOfferableAndNothingIsSent() {
        TlsProbe.Result r = probe().handshake(URI.create("https://localhost:1"), "TLSv9", null);
        assertThat(r.outcome()).isEqualTo(TlsProbe.Outcome.NOT_OFFERABLE);
    }

    @Test
    void whenProbeIsUsedThenJavasOwnProviderKeepsItsRestrictions() throws Exception {
        LegacyJsse.provider();
        SSLContext sun = SSLContext.getInstance("TLS");
        sun.init(null, null, null);
        assertThat(sun.getDefaultSSLParameters().getProtocols()).doesNotContain("TLSv1", "TLSv1.1", "SSLv3");
        assertThat(sun.getDefaultSSLParameters().getCipherSuites()).noneMatch(s -> s.contains("_NULL_"));
    }
}
