package org.hitcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.hitcert.reference.Flaw;
import org.hitcert.reference.ReferenceCandidate;
import org.hitcert.reference.ReferenceOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN rule 9: a candidate file without fhir-base, against a server whose FHIR API serves data without a token (the
 * reference with flaw fhir-open), is not certified: the resource-server requirements are "not assessed" (INCONCLUSIVE,
 * blocking), never NOT_APPLICABLE, and the report says what to add. No login is needed: the checks stop before any.
 */
class NotAssessedBlocksCertificationTest {

    @TempDir
    Path dir;

    @Test
    void whenTheCandidateFileNamesNoFhirBaseThenTheApiRowsAreNotAssessedAndTheRunIsNotCertified() throws Exception {
        URI callback = URI.create("https://127.0.0.1:" + UnreachableCandidateTest.freePort() + "/callback");
        try (ReferenceCandidate open = ReferenceCandidate.start(new ReferenceOptions(EnumSet.of(Flaw.FHIR_OPEN), callback, 0))) {
            open.writeTrustAnchor(dir.resolve("ca.pem"));
            String publicClient = open.clients().stream().filter(c -> c.role().equals("public")).findFirst().orElseThrow()
                    .clientId();
            Path candidate = Files.writeString(dir.resolve("no-fhir.yaml"), String.join("\n",
                    "hitcert-candidate: 1",
                    "name: no-fhir",
                    "issuer: " + open.issuer(),
                    "allowed-hosts: [" + open.issuer().getHost() + "]",
                    "trust-anchor: ca.pem",
                    "callback: " + callback,
                    "clients:",
                    "  - role: public",
                    "    client-id: " + publicClient,
                    "    auth-method: none",
                    "    scope: openid",
                    "users:",
                    "  - role: default",
                    "    username: alice",
                    "    password: ${env:HITCERT_TEST_UNSET_PASSWORD}",
                    "login:",
                    "  - click: \"button\"",
                    ""));
            Path plan = Files.writeString(dir.resolve("api.yaml"), String.join("\n",
                    "hitcert-plan: 1",
                    "id: api-only",
                    "title: The FHIR API's bearer rules",
                    "considerations:",
                    "  - id: TSS-05",
                    "    title: The protected API",
                    "    text: Protect the API with tokens",
                    "    requirements:",
                    "      - id: RS-NO-TOKEN",
                    "        title: A FHIR request without a token gets 401 with a Bearer challenge and no data",
                    "        level: required",
                    "        sources: [RFC6750-3]",
                    "        checks:",
                    "          - check: bearer.no-token.challenge",
                    "      - id: RS-HEADER",
                    "        title: The FHIR API accepts a valid token in the Authorization Bearer header",
                    "        level: required",
                    "        sources: [RFC6750-2.1]",
                    "        checks:",
                    "          - check: bearer.header.accepted",
                    ""));
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            Path out = dir.resolve("reports");
            int exit = Main.run(new String[] {"--plan", plan.toString(), "--candidate", candidate.toString(), "--out",
                    out.toString()}, new PrintStream(console, true, StandardCharsets.UTF_8),
                    new PrintStream(console, true, StandardCharsets.UTF_8));
            String printed = console.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(printed).isEqualTo(Main.NOT_CERTIFIED);
            assertThat(printed).contains("not assessed (INCONCLUSIVE for a gap in the candidate file")
                    .contains("the candidate file lacks fhir-base; add fhir-base: https://...").contains("RS-NO-TOKEN, RS-HEADER")
                    .doesNotContain("NOT_APPLICABLE 2");
            try (Stream<Path> runs = Files.list(out)) {
                JsonNode report = new ObjectMapper().readTree(runs.findFirst().orElseThrow().resolve("report.json").toFile());
                assertThat(report.at("/overall/certified").asBoolean()).isFalse();
                assertThat(report.at("/overall/blocking").toString()).contains("TSS-05/RS-NO-TOKEN", "TSS-05/RS-HEADER");
                assertThat(report.at("/overall/notAssessed/0/requirements").toString())
                        .contains("TSS-05/RS-NO-TOKEN", "TSS-05/RS-HEADER");
                for (JsonNode r : report.at("/considerations/0/requirements")) {
                    assertThat(r.get("verdict").asText()).as(r.get("id").asText()).isEqualTo("INCONCLUSIVE");
                    assertThat(r.get("notAssessed").asBoolean()).as(r.get("id").asText()).isTrue();
                }
            }
        }
    }
}
