package org.hitcert.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.net.URI;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hitcert.reference.Flaw;
import org.hitcert.reference.ReferenceCandidate;
import org.hitcert.reference.ReferenceOptions;
import org.junit.jupiter.api.Test;

/** The hand-written ClientHello: its bytes, and what the reference's listeners answer to it. */
class TlsHelloTest {

    private static final URI CALLBACK = URI.create("http://127.0.0.1:1/callback");

    private static TlsHello hello() {
        return new TlsHello(new HostPolicy(List.of("localhost")), 5000, new EvidenceLog());
    }

    @Test
    void whenHelloIsWrittenThenItIsOneHandshakeRecordOfferingDeflateAndTheScsvOnlyWhenAsked() {
        byte[] plain = TlsHello.clientHello(new TlsHello.Offer("TLSv1.2", false, true), Optional.of("localhost"), new SecureRandom());
        assertThat(plain[0]).isEqualTo((byte) 0x16);
        assertThat(((plain[3] & 0xff) << 8 | (plain[4] & 0xff)) + 5).isEqualTo(plain.length);
        assertThat(plain[5]).isEqualTo((byte) 1);
        assertThat(new String(plain, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("localhost").contains("http/1.1")
                .doesNotContain(new String(new byte[] {0x56, 0x00}, java.nio.charset.StandardCharsets.ISO_8859_1));
        byte[] scsv = TlsHello.clientHello(new TlsHello.Offer("TLSv1.2", true, false), Optional.empty(), new SecureRandom());
        assertThat(new String(scsv, java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains(new String(new byte[] {0x56, 0x00}, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("localhost");
    }

    @Test
    void whenAnswerIsAnAlertOrGarbageThenItIsNamedAndNoServerHelloIsClaimed() throws Exception {
        TlsHello.Offer o = new TlsHello.Offer("TLSv1.2", true, false);
        TlsHello.Answer alert = TlsHello.read(o, new DataInputStream(new ByteArrayInputStream(new byte[] {0x15, 3, 3, 0, 2, 2, 86})));
        assertThat(alert.serverHello()).isFalse();
        assertThat(alert.alert()).contains(TlsHello.INAPPROPRIATE_FALLBACK);
        assertThat(alert.summary()).isEqualTo("alert inappropriate_fallback");
        TlsHello.Answer http = TlsHello.read(o, new DataInputStream(new ByteArrayInputStream("HTTP/1.1 400".getBytes())));
        assertThat(http.serverHello()).isFalse();
        assertThat(http.alert()).isEmpty();
        TlsHello.Answer closed = TlsHello.read(o, new DataInputStream(new ByteArrayInputStream(new byte[0])));
        assertThat(closed.detail()).contains("closed");
    }

    @Test
    void whenIpLiteralThenNoSni() {
        assertThat(TlsHello.sniName("127.0.0.1")).isEmpty();
        assertThat(TlsHello.sniName("::1")).isEmpty();
        assertThat(TlsHello.sniName("localhost")).contains("localhost");
    }

    @Test
    void whenReferenceIsCleanThenItEchoesTheExtensionsChoosesNullCompressionAndMarksTheFallback() throws Exception {
        try (ReferenceCandidate rc = ReferenceCandidate.start(new ReferenceOptions(Set.of(), CALLBACK, 0))) {
            TlsHello.Answer a = hello().send(rc.issuer(), new TlsHello.Offer("TLSv1.2", false, true));
            assertThat(a.serverHello()).as(a.summary()).isTrue();
            assertThat(a.version()).contains("TLSv1.2");
            assertThat(a.compressionMethod()).isZero();
            assertThat(a.has(TlsHello.RENEGOTIATION_INFO)).isTrue();
            assertThat(a.has(TlsHello.EXTENDED_MASTER_SECRET)).isTrue();
            assertThat(a.alpn()).contains("http/1.1");
            TlsHello.Answer fallback = hello().send(rc.issuer(), new TlsHello.Offer("TLSv1.2", true, false));
            // Java's TLS stack ignores TLS_FALLBACK_SCSV but, supporting 1.3, marks a 1.2 ServerHello (RFC 8446 §4.1.3)
            assertThat(fallback.serverHello() ? fallback.downgradeSentinel() : fallback.alert().isPresent()).as(fallback.summary()).isTrue();
        }
    }

    @Test
    void whenAlpnFlawIsOnThenNoProtocolIsSelected() throws Exception {
        try (ReferenceCandidate rc = ReferenceCandidate.start(new ReferenceOptions(Set.of(Flaw.ALPN_NOT_NEGOTIATED), CALLBACK, 0))) {
            TlsHello.Answer a = hello().send(rc.issuer(), new TlsHello.Offer("TLSv1.2", false, true));
            assertThat(a.serverHello()).as(a.summary()).isTrue();
            assertThat(a.alpn()).isEmpty();
        }
    }
}
