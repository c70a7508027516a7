package org.hitcert.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportSignerTest {

    @TempDir
    Path dir;

    @BeforeEach
    void aReport() throws Exception {
        Files.writeString(dir.resolve("report.json"), "{\"overall\":{\"certified\":true},\"verdict\":\"PASS\"}");
        Files.writeString(dir.resolve("report.html"), "<html>PASS</html>");
        Files.createDirectories(dir.resolve("evidence"));
        Files.write(dir.resolve("evidence/001-shot.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    }

    @Test
    void whenUntouchedThenValidAndEphemeralKeySaysSo() throws Exception {
        ReportSigner.sign(dir, Optional.empty());
        ReportSigner.Verification v = ReportSigner.verify(dir, Optional.empty());
        assertThat(v.valid()).as(v.findings().toString()).isTrue();
        assertThat(v.ephemeralKey()).isTrue();
        assertThat(v.findings()).anySatisfy(f -> assertThat(f).contains("ephemeral"));
    }

    @Test
    void whenVerdictIsEditedThenInvalid() throws Exception {
        ReportSigner.sign(dir, Optional.empty());
        Files.writeString(dir.resolve("report.json"), "{\"overall\":{\"certified\":true},\"verdict\":\"FAIL\"}");
        ReportSigner.Verification v = ReportSigner.verify(dir.resolve("report.json"), Optional.empty());
        assertThat(v.valid()).isFalse();
        assertThat(v.findings()).anySatisfy(f -> assertThat(f).startsWith("changed: report.json"));
    }

    @Test
    void whenOneByteOfEvidenceChangesThenInvalid() throws Exception {
        ReportSigner.sign(dir, Optional.empty());
        byte[] png = Files.readAllBytes(dir.resolve("evidence/001-shot.png"));
        png[5] ^= 1;
        Files.write(dir.resolve("evidence/001-shot.png"), png);
        assertThat(ReportSigner.verify(dir, Optional.empty()).findings())
                .anySatisfy(f -> assertThat(f).startsWith("changed: evidence/001-shot.png"));
    }

    @Test
    void whenFileIsAddedOrRemovedThenInvalid() throws Exception {
        ReportSigner.sign(dir, Optional.empty());
        Files.writeString(dir.resolve("extra.txt"), "x");
        Files.delete(dir.resolve("report.html"));
        ReportSigner.Verification v = ReportSigner.verify(dir, Optional.empty());
        assertThat(v.valid()).isFalse();
        assertThat(v.findings()).anySatisfy(f -> assertThat(f).startsWith("added: extra.txt"))
                .anySatisfy(f -> assertThat(f).startsWith("missing: report.html"));
    }

    @Test
    void whenKeyInHeaderIsSwappedThenSignatureFails() throws Exception {
        ReportSigner.sign(dir, Optional.empty());
        Path sig = dir.resolve(ReportSigner.SIGNATURE_FILE);
        JWSObject original = JWSObject.parse(Files.readString(sig));
        ECKey other = new ECKeyGenerator(Curve.P_256).generate().toPublicJWK();
        var header = new com.nimbusds.jose.JWSHeader.Builder(original.getHeader()).jwk(other).build();
        String forged = header.toBase64URL() + "." + original.getPayload().toBase64URL() + "."
                + original.getSignature();
        Files.writeString(sig, forged, StandardCharsets.US_ASCII);
        ReportSigner.Verification v = ReportSigner.verify(dir, Optional.empty());
        assertThat(v.valid()).isFalse();
        assertThat(v.findings()).anySatisfy(f -> assertThat(f).contains("does not verify"));
    }

    @Test
    void whenResignedWithAnotherKeyThenTrustedKeyCheckFails() throws Exception {
        ECKey tester = new ECKeyGenerator(Curve.P_256).generate();
        ECKey attacker = new ECKeyGenerator(Curve.P_256).generate();
        ReportSigner.sign(dir, Optional.of(tester));
        assertThat(ReportSigner.verify(dir, Optional.of(tester.toPublicJWK())).valid()).isTrue();
        Files.writeString(dir.resolve("report.json"), "{\"verdict\":\"PASS\",\"forged\":true}");
        ReportSigner.sign(dir, Optional.of(attacker));
        ReportSigner.Verification v = ReportSigner.verify(dir, Optional.of(tester.toPublicJWK()));
        assertThat(v.valid()).isFalse();
        assertThat(v.findings()).anySatisfy(f -> assertThat(f).contains("not by the trusted key"));
    }

    @Test
    void whenSignatureIsGarbageThenInvalidWithReason() throws Exception {
        Files.writeString(dir.resolve(ReportSigner.SIGNATURE_FILE), "not a jws");
        ReportSigner.Verification v = ReportSigner.verify(dir, Optional.empty());
        assertThat(v.valid()).isFalse();
        assertThat(v.findings()).singleElement().asString().contains("not a compact JWS");
    }
}
