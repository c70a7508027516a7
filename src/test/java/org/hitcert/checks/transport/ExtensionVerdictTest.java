package org.hitcert.checks.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hitcert.support.TlsHello;
import org.hitcert.support.TlsHello.Answer;
import org.hitcert.support.TlsHello.Offer;
import org.junit.jupiter.api.Test;

/** TLS-EXTENSIONS decided from recorded ServerHellos, one test per branch. */
class ExtensionVerdictTest {

    private static final Offer V12 = new Offer("TLSv1.2", false, true);
    private static final Offer SCSV12 = new Offer("TLSv1.2", true, false);
    private static final byte[] SENTINEL = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x01};

    private static Answer serverHello(Offer offer, int compression, boolean sentinel, int... without) {
        Map<Integer, byte[]> ext = new HashMap<>();
        ext.put(TlsHello.RENEGOTIATION_INFO, new byte[] {0});
        ext.put(TlsHello.EXTENDED_MASTER_SECRET, new byte[0]);
        byte[] alpn = "\0\011\010http/1.1".getBytes(StandardCharsets.ISO_8859_1);
        ext.put(TlsHello.ALPN, alpn);
        for (int w : without) {
            ext.remove(w);
        }
        byte[] random = new byte[32];
        if (sentinel) {
            System.arraycopy(SENTINEL, 0, random, 24, 8);
        }
        return new Answer(offer, Optional.of(offer.version()), 0xc02b, compression, ext, random, Optional.empty(), "ServerHello");
    }

    private static Answer alert(Offer offer, int description) {
        return new Answer(offer, Optional.empty(), -1, -1, Map.of(), new byte[0], Optional.of(description), "alert");
    }

    private static ExtensionVerdict of(Answer hello12, Answer fallback, String best) {
        return ExtensionVerdict.of("h:443", Optional.of("h"), hello12, Optional.of(hello12), Optional.of(fallback), Optional.of(best));
    }

    @Test
    void whenEverythingIsEchoedAndFallbackAlertedThenNoFailure() {
        ExtensionVerdict v = of(serverHello(V12, 0, false), alert(SCSV12, TlsHello.INAPPROPRIATE_FALLBACK), "TLSv1.3");
        assertThat(v.failures()).isEmpty();
        assertThat(v.undecided()).isEmpty();
        assertThat(v.notes()).anyMatch(n -> n.contains("inappropriate_fallback")).anyMatch(n -> n.contains("ALPN http/1.1"));
    }

    @Test
    void whenDeflateIsChosenThenFail() {
        assertThat(of(serverHello(V12, 1, false), alert(SCSV12, 86), "TLSv1.3").failures())
                .singleElement().asString().contains("compression method 1").contains("RFC 9325 §3.3");
    }

    @Test
    void whenRenegotiationInfoOrEmsOrAlpnIsMissingThenEachFails() {
        assertThat(of(serverHello(V12, 0, false, TlsHello.RENEGOTIATION_INFO), alert(SCSV12, 86), "TLSv1.3").failures())
                .singleElement().asString().contains("renegotiation_info");
        assertThat(of(serverHello(V12, 0, false, TlsHello.EXTENDED_MASTER_SECRET), alert(SCSV12, 86), "TLSv1.3").failures())
                .singleElement().asString().contains("extended_master_secret");
        assertThat(of(serverHello(V12, 0, false, TlsHello.ALPN), alert(SCSV12, 86), "TLSv1.3").failures())
                .singleElement().asString().contains("no ALPN protocol");
    }

    @Test
    void whenFallbackIsCompletedWithoutSentinelThenFail() {
        assertThat(of(serverHello(V12, 0, false), serverHello(SCSV12, 0, false), "TLSv1.3").failures())
                .singleElement().asString().contains("TLS_FALLBACK_SCSV").contains("inappropriate_fallback");
    }

    @Test
    void whenFallbackCarriesTheTls13SentinelThenItIsDetectedAndNoted() {
        ExtensionVerdict v = of(serverHello(V12, 0, true), serverHello(SCSV12, 0, true), "TLSv1.3");
        assertThat(v.failures()).isEmpty();
        assertThat(v.notes()).anyMatch(n -> n.contains("downgrade sentinel"));
    }

    @Test
    void whenTls12ServerAcceptsFallbackTo11ThenTheSentinelDoesNotExcuseIt() {
        Offer v11 = new Offer("TLSv1.1", false, false);
        Offer scsv11 = new Offer("TLSv1.1", true, false);
        ExtensionVerdict v = ExtensionVerdict.of("h:443", Optional.of("h"), serverHello(V12, 0, false),
                Optional.of(serverHello(v11, 0, false)), Optional.of(serverHello(scsv11, 0, true)), Optional.of("TLSv1.2"));
        assertThat(v.failures()).singleElement().asString().contains("TLSv1.1");
    }

    @Test
    void whenFallbackIsRefusedWithAnotherAlertAfterABaselineHelloThenItIsNoted() {
        ExtensionVerdict v = of(serverHello(V12, 0, false), alert(SCSV12, 40), "TLSv1.3");
        assertThat(v.failures()).isEmpty();
        assertThat(v.notes()).anyMatch(n -> n.contains("refused") && n.contains("handshake_failure"));
    }

    @Test
    void whenNoLowerVersionIsAcceptedThenFallbackIsNotApplicable() {
        ExtensionVerdict v = ExtensionVerdict.of("h:443", Optional.empty(), serverHello(V12, 0, false), Optional.empty(),
                Optional.empty(), Optional.of("TLSv1.2"));
        assertThat(v.failures()).isEmpty();
        assertThat(v.undecided()).isEmpty();
        assertThat(v.notes()).anyMatch(n -> n.contains("nothing to fall back")).anyMatch(n -> n.contains("IP literal"));
    }

    @Test
    void whenTheTls12HelloGetsNoServerHelloOrTheBestVersionIsUnknownThenUndecided() {
        Answer closed = new Answer(V12, Optional.empty(), -1, -1, Map.of(), new byte[0], Optional.empty(), "the server closed");
        ExtensionVerdict v = ExtensionVerdict.of("h:443", Optional.of("h"), closed, Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(v.failures()).isEmpty();
        assertThat(v.undecided()).hasSize(2);
    }

    @Test
    void whenSniIsRefusedWithUnrecognizedNameThenFail() {
        ExtensionVerdict v = ExtensionVerdict.of("h:443", Optional.of("h"), alert(V12, 112), Optional.empty(), Optional.empty(),
                Optional.of("TLSv1.3"));
        assertThat(v.failures()).singleElement().asString().contains("unrecognized_name");
    }
}
