package org.hitcert.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmartScopeTest {

    private static final List<String> REGISTERED = List.of("openid", "launch/patient", "patient/*.rs");

    @Test
    void whenScopeNarrowerThanRegisteredThenAllowed() {
        assertThat(SmartScope.allowed("patient/Observation.rs", REGISTERED)).isTrue();
        assertThat(SmartScope.allowed("patient/Patient.r", REGISTERED)).isTrue();
        assertThat(SmartScope.allowed("patient/*.read", REGISTERED)).isTrue();
        assertThat(SmartScope.allowed("openid", REGISTERED)).isTrue();
    }

    @Test
    void whenScopeBroaderOrForeignThenRefused() {
        assertThat(SmartScope.allowed("patient/*.cruds", REGISTERED)).isFalse();
        assertThat(SmartScope.allowed("patient/*.write", REGISTERED)).isFalse();
        assertThat(SmartScope.allowed("user/*.rs", REGISTERED)).isFalse();
        assertThat(SmartScope.allowed("patient/*.sr", REGISTERED)).isFalse(); // v2 order is c r u d s
        assertThat(SmartScope.allowed("launch", REGISTERED)).isFalse();
        assertThat(SmartScope.allowed("profile", REGISTERED)).isFalse();
    }

    @Test
    void whenGranularScopeNamesObservationCategoryThenItParsesAndOnlyMatchingResourcesMeetIt() throws Exception {
        String lab = "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory";
        SmartScope s = SmartScope.parse(lab).orElseThrow();
        assertThat(s.constraint()).containsEntry("category", "http://terminology.hl7.org/CodeSystem/observation-category|laboratory");
        assertThat(SmartScope.allowed(lab, REGISTERED)).isTrue();
        com.fasterxml.jackson.databind.JsonNode a1 = Http.JSON.readTree(Path.of("fixtures/fhir/Observation-a1.json").toFile());
        com.fasterxml.jackson.databind.JsonNode a3 = Http.JSON.readTree(Path.of("fixtures/fhir/Observation-a3.json").toFile());
        assertThat(s.matches(a3)).isTrue();
        assertThat(s.matches(a1)).isFalse();
        assertThat(SmartScope.parse("patient/Observation.rs?category=laboratory").orElseThrow().matches(a3)).isTrue();
        assertThat(SmartScope.parse("patient/Observation.rs").orElseThrow().matches(a1)).isTrue();
    }

    @Test
    void whenGranularScopeIsUnsupportedThenItDoesNotParseAndIsNeverGranted() {
        for (String bad : List.of("patient/Observation.rs?code=1234-5", "patient/Condition.rs?category=problem-list-item",
                "patient/Observation.read?category=laboratory", "patient/Observation.rs?category=a&category=b",
                "patient/Observation.rs?")) {
            assertThat(SmartScope.parse(bad)).as(bad).isEmpty();
            assertThat(SmartScope.allowed(bad, REGISTERED)).as(bad).isFalse();
        }
        // a granular registration does not cover the whole type
        assertThat(SmartScope.allowed("patient/Observation.rs", List.of("patient/Observation.rs?category=laboratory"))).isFalse();
    }

    @Test
    void whenScopeIsV1ThenItIsMarkedSo() {
        assertThat(SmartScope.parse("patient/Observation.read").orElseThrow().v1()).isTrue();
        assertThat(SmartScope.parse("patient/Observation.rs").orElseThrow().v1()).isFalse();
    }

    @Test
    void whenRedirectUriVariesThenOnlyExactOrLoopbackPortMatches() {
        Registry.Client loopback = client(URI.create("http://127.0.0.1:41234/callback"));
        assertThat(AuthorizationEndpoint.redirectAllowed(loopback, "http://127.0.0.1:41234/callback")).isTrue();
        assertThat(AuthorizationEndpoint.redirectAllowed(loopback, "http://127.0.0.1:9/callback")).isTrue();
        assertThat(AuthorizationEndpoint.redirectAllowed(loopback, "http://127.0.0.1/callback")).isTrue();
        for (String bad : List.of("http://127.0.0.1:41234/callback/", "http://127.0.0.1:41234/Callback",
                "http://127.0.0.1:41234/callback?x=1", "https://127.0.0.1:41234/callback", "http://localhost:41234/callback",
                "http://127.0.0.1:41234/callback#f", "http://u@127.0.0.1:41234/callback", "http://127.0.0.1.evil.example/callback",
                "http://127.0.0.1:41234/callback/..%2f", "HTTP://127.0.0.1:41234/callback")) {
            assertThat(AuthorizationEndpoint.redirectAllowed(loopback, bad)).as(bad).isFalse();
        }
        Registry.Client web = client(URI.create("https://app.example/cb"));
        assertThat(AuthorizationEndpoint.redirectAllowed(web, "https://app.example/cb")).isTrue();
        assertThat(AuthorizationEndpoint.redirectAllowed(web, "https://app.example:8443/cb")).isFalse();
    }

    @Test
    void whenFixturesCopiedToClasspathThenIdentical() throws Exception {
        for (String file : FhirData.FILES) {
            try (var in = FhirData.class.getResourceAsStream("fhir/" + file)) {
                assertThat(in).as(file).isNotNull();
                assertThat(new String(in.readAllBytes())).as(file).isEqualTo(Files.readString(Path.of("fixtures", "fhir", file)));
            }
        }
    }

    private static Registry.Client client(URI redirect) {
        return new Registry.Client("public", "c", Registry.AuthMethod.NONE, null, null, List.of(redirect),
                Set.of("authorization_code"), List.of("openid"), Set.of("openid"));
    }
}
