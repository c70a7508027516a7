package org.hitcert.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Signs a report folder and verifies it. {@code report.json.jws} is a compact JWS whose payload is a
 * manifest: the SHA-256 of every file in the folder (report.json, report.html, junit.xml, allure results,
 * evidence). The signing key is the tester's (a private JWK) or, when none is configured, an ephemeral EC
 * key made for this run; either way the public JWK travels in the JWS header, and an ephemeral one is
 * marked as identifying nobody. A one-byte change to any file, the payload, or the key breaks verification.
 */
public final class ReportSigner {

    public static final String SIGNATURE_FILE = "report.json.jws";
    static final String EPHEMERAL_PARAM = "hitcert-ephemeral-key";
    private static final String MANIFEST_SCHEMA = "hitcert-report-manifest/1";
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private ReportSigner() {
    }

    /** The outcome of a verification: valid or not, and every reason a person needs to see. */
    public record Verification(boolean valid, boolean ephemeralKey, String keyThumbprint, List<String> findings) {
    }

    /** Signs {@code reportDir} with {@code privateKey}, or with a fresh ephemeral EC P-256 key when empty. */
    public static Path sign(Path reportDir, Optional<JWK> privateKey) throws IOException {
        try {
            boolean ephemeral = privateKey.isEmpty();
            JWK key = privateKey.isPresent() ? privateKey.get() : new ECKeyGenerator(Curve.P_256).generate();
            if (!key.isPrivate()) {
                throw new IllegalArgumentException("the signing key must be a private JWK (it has no private part)");
            }
            JWSAlgorithm alg = key.getKeyType() == KeyType.EC ? algFor((ECKey) key)
                    : key.getKeyType() == KeyType.RSA ? JWSAlgorithm.PS256 : JWSAlgorithm.EdDSA;
            JWK publicJwk = key.toPublicJWK();
            JWSHeader header = new JWSHeader.Builder(alg).type(new JOSEObjectType("hitcert-report+jws"))
                    .jwk(publicJwk).keyID(publicJwk.computeThumbprint().toString())
                    .customParam(EPHEMERAL_PARAM, ephemeral).build();
            JWSObject jws = new JWSObject(header, new Payload(JSON.writeValueAsString(manifest(reportDir))));
            jws.sign(new DefaultJWSSignerFactory().createJWSSigner(key, alg));
            Path out = reportDir.resolve(SIGNATURE_FILE);
            Files.writeString(out, jws.serialize(), StandardCharsets.US_ASCII);
            return out;
        } catch (JOSEException e) {
            throw new IOException("cannot sign the report: " + e.getMessage(), e);
        }
    }

    private static JWSAlgorithm algFor(ECKey key) {
        return Curve.P_384.equals(key.getCurve()) ? JWSAlgorithm.ES384 : Curve.P_521.equals(key.getCurve())
                ? JWSAlgorithm.ES512 : JWSAlgorithm.ES256;
    }

    /**
     * Verifies the folder holding {@code report} (the folder, or its report.json). With {@code trusted}, the
     * signature must also come from that key; without it, any key verifies, and the finding says so. An index
     * folder (several candidates' index.json) is valid when its own files are unchanged and every report it links to
     * still has the signature the index recorded and verifies in turn.
     */
    public static Verification verify(Path report, Optional<JWK> trusted) throws IOException {
        Path dir = Files.isDirectory(report) ? report : report.toAbsolutePath().getParent();
        List<String> findings = new ArrayList<>();
        Path sigFile = dir.resolve(SIGNATURE_FILE);
        if (!Files.isRegularFile(sigFile)) {
            return new Verification(false, false, "", List.of("no " + SIGNATURE_FILE + " in " + dir + ": the report is not signed"));
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(Files.readString(sigFile, StandardCharsets.US_ASCII).strip());
        } catch (ParseException | java.nio.charset.MalformedInputException e) {
            return new Verification(false, false, "", List.of(SIGNATURE_FILE + " is not a compact JWS: " + e.getMessage()));
        }
        JWK key = jws.getHeader().getJWK();
        boolean ephemeral = Boolean.TRUE.equals(jws.getHeader().getCustomParam(EPHEMERAL_PARAM));
        if (key == null) {
            return new Verification(false, ephemeral, "", List.of("the signature carries no public key (jwk header)"));
        }
        String thumbprint = thumbprint(key);
        boolean valid = true;
        try {
            if (key.isPrivate()) {
                valid = false;
                findings.add("the jwk header holds a private key; a signed report must carry only the public key");
            } else if (!jws.verify(new DefaultJWSVerifierFactory().createJWSVerifier(jws.getHeader(), toKey(key)))) {
                valid = false;
                findings.add("the signature does not verify with the key in the report (key " + thumbprint + ")");
            }
        } catch (JOSEException e) {
            valid = false;
            findings.add("the signature cannot be checked: " + e.getMessage());
        }
        if (trusted.isPresent() && !thumbprint.equals(thumbprint(trusted.get().toPublicJWK()))) {
            valid = false;
            findings.add("signed by key " + thumbprint + ", not by the trusted key " + thumbprint(trusted.get().toPublicJWK()));
        } else if (trusted.isEmpty()) {
            findings.add(ephemeral
                    ? "signed with an ephemeral key made for this run: it proves the files are unchanged since signing, not who signed them"
                    : "signed by key " + thumbprint + "; pass --trust with the tester's public key to check who signed");
        }
        Map<String, Object> manifest;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.readValue(jws.getPayload().toString(), Map.class);
            manifest = m;
        } catch (IOException e) {
            return new Verification(false, ephemeral, thumbprint, List.of("the signed manifest is not JSON: " + e.getMessage()));
        }
        @SuppressWarnings("unchecked")
        Map<String, String> signedFiles = (Map<String, String>) manifest.getOrDefault("files", Map.of());
        Map<String, String> actual = hashes(dir);
        for (Map.Entry<String, String> e : signedFiles.entrySet()) {
            String now = actual.get(e.getKey());
            if (now == null) {
                valid = false;
                findings.add("missing: " + e.getKey() + " was signed but is gone");
            } else if (!now.equals(e.getValue())) {
                valid = false;
                findings.add("changed: " + e.getKey() + " (sha256 " + now.substring(0, 16) + "…, signed " + e.getValue().substring(0, 16) + "…)");
            }
        }
        for (String extra : actual.keySet()) {
            if (!signedFiles.containsKey(extra)) {
                valid = false;
                findings.add("added: " + extra + " was not in the signed report");
            }
        }
        if (signedFiles.containsKey(IndexWriter.INDEX_JSON) && !signedFiles.containsKey("report.json")) {
            valid &= IndexWriter.verifyLinkedReports(dir, trusted, findings);
        } else if (!signedFiles.containsKey("report.json")) {
            valid = false;
            findings.add("the signed manifest does not cover report.json");
        }
        if (valid) {
            findings.add(0, "valid: " + signedFiles.size() + " files unchanged since signing");
        }
        return new Verification(valid, ephemeral, thumbprint, findings);
    }

    private static java.security.Key toKey(JWK key) throws JOSEException {
        return switch (key.getKeyType().getValue()) {
            case "EC" -> key.toECKey().toECPublicKey();
            case "RSA" -> key.toRSAKey().toRSAPublicKey();
            default -> throw new JOSEException("unsupported key type " + key.getKeyType());
        };
    }

    private static String thumbprint(JWK key) {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            return "?";
        }
    }

    static Map<String, Object> manifest(Path dir) throws IOException {
        Map<String, Object> m = new TreeMap<>();
        m.put("schema", MANIFEST_SCHEMA);
        m.put("files", hashes(dir));
        return m;
    }

    /** SHA-256 (hex) of every regular file under {@code dir} but the signature, by '/'-separated relative path. */
    static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(f).toString().replace('\\', '/');
                if (!rel.equals(SIGNATURE_FILE)) {
                    out.put(rel, sha256(Files.readAllBytes(f)));
                }
            }
        }
        return out;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a private (signing) or public (trusted) JWK from a file. */
    public static JWK readJwk(Path file) throws IOException {
        try {
            return JWK.parse(Files.readString(Objects.requireNonNull(file, "file")).strip());
        } catch (ParseException e) {
            throw new IOException(file + " is not a JWK: " + e.getMessage(), e);
        }
    }
}
