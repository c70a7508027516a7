package org.hitcert.checks.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hitcert.support.TlsProbe.Outcome;
import org.junit.jupiter.api.Test;

class VersionVerdictTest {

    private static Map<String, Outcome> outcomes(Outcome ssl3, Outcome v10, Outcome v11, Outcome v12, Outcome v13) {
        Map<String, Outcome> m = new LinkedHashMap<>();
        m.put("SSLv3", ssl3);
        m.put("TLSv1", v10);
        m.put("TLSv1.1", v11);
        m.put("TLSv1.2", v12);
        m.put("TLSv1.3", v13);
        return m;
    }

    @Test
    void whenLegacyRefusedAndModernNegotiatedThenNoFindings() {
        VersionVerdict v = VersionVerdict.of("h:443", outcomes(Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED,
                Outcome.NEGOTIATED, Outcome.NEGOTIATED));
        assertThat(v.failures()).isEmpty();
        assertThat(v.undecided()).isEmpty();
        assertThat(v.notes()).isEmpty();
    }

    @Test
    void whenTls10NegotiatedThenFailureNamesIt() {
        VersionVerdict v = VersionVerdict.of("h:443", outcomes(Outcome.REFUSED, Outcome.NEGOTIATED, Outcome.REFUSED,
                Outcome.NEGOTIATED, Outcome.NEGOTIATED));
        assertThat(v.failures()).singleElement().asString().contains("TLSv1").contains("RFC 9325 §3.1.1");
    }

    @Test
    void whenTls12RefusedThenFailure() {
        VersionVerdict v = VersionVerdict.of("h:443", outcomes(Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED,
                Outcome.REFUSED, Outcome.NEGOTIATED));
        assertThat(v.failures()).singleElement().asString().contains("TLS 1.2");
    }

    @Test
    void whenSslv3CannotBeOfferedHereThenUndecidedNotPassed() {
        VersionVerdict v = VersionVerdict.of("h:443", outcomes(Outcome.NOT_OFFERABLE, Outcome.REFUSED, Outcome.REFUSED,
                Outcome.NEGOTIATED, Outcome.NEGOTIATED));
        assertThat(v.failures()).isEmpty();
        assertThat(v.undecided()).singleElement().asString().contains("SSLv3");
    }

    @Test
    void whenTls13RefusedThenOnlyANote() {
        VersionVerdict v = VersionVerdict.of("h:443", outcomes(Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED,
                Outcome.NEGOTIATED, Outcome.REFUSED));
        assertThat(v.failures()).isEmpty();
        assertThat(v.notes()).singleElement().asString().contains("SHOULD");
    }
}
