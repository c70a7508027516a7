package org.hitcert.reference;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Discovery: OIDC Discovery §4, RFC 8414 §3, SMART configuration, JWKS, and the FHIR CapabilityStatement.
 * All public, with CORS allowed from any origin (SMART App Launch, "CORS support").
 */
final class Metadata {

    static final List<String> SCOPES = List.of("openid", "fhirUser", "launch/patient", "offline_access", "online_access",
            "patient/*.rs", "patient/Patient.rs", "patient/Observation.rs", "patient/*.read", "system/*.rs");
    static final List<String> CAPABILITIES = List.of("launch-standalone", "client-public", "client-confidential-symmetric",
            "client-confidential-asymmetric", "sso-openid-connect", "context-standalone-patient", "permission-v2",
            "permission-v1", "permission-patient", "permission-offline", "authorize-post");

    private final Set<Flaw> flaws;
    private final String issuer;
    private final String fhirBase;
    private final int port;
    private final byte[] jwks;

    Metadata(Set<Flaw> flaws, String issuer, String fhirBase, int port, RSAKey signingKey) {
        this.flaws = flaws;
        this.issuer = issuer;
        this.fhirBase = fhirBase;
        this.port = port;
        this.jwks = (flaws.contains(Flaw.JWKS_PRIVATE_KEY_LEAK) ? new JWKSet(signingKey).toString(false)
                : new JWKSet(signingKey.toPublicJWK()).toString(true)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private List<String> challengeMethods() {
        return flaws.contains(Flaw.PKCE_PLAIN_ADVERTISED) ? List.of("S256", "plain") : List.of("S256");
    }

    private List<String> assertionAlgs() {
        List<String> algs = new ArrayList<>(List.of("RS256", "RS384", "ES256", "ES384"));
        if (flaws.contains(Flaw.ALG_NONE_ADVERTISED)) {
            algs.add("none");
        }
        return algs;
    }

    Map<String, Object> authorizationServer() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", flaws.contains(Flaw.ISSUER_MISMATCH) ? issuer + "/" : issuer);
        m.put("authorization_endpoint", issuer + "/authorize");
        m.put("token_endpoint", issuer + "/token");
        m.put("jwks_uri", issuer + "/jwks");
        m.put("userinfo_endpoint", flaws.contains(Flaw.HTTP_ENDPOINT_ADVERTISED)
                ? "http://localhost:" + port + "/userinfo" : issuer + "/userinfo");
        m.put("introspection_endpoint", issuer + "/introspect");
        m.put("revocation_endpoint", issuer + "/revoke");
        m.put("registration_endpoint", issuer + "/register");
        m.put("scopes_supported", SCOPES);
        m.put("response_types_supported", List.of("code"));
        m.put("response_modes_supported", List.of("query", WebMessage.MODE));
        m.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
        m.put("code_challenge_methods_supported", challengeMethods());
        m.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "private_key_jwt", "none"));
        m.put("token_endpoint_auth_signing_alg_values_supported", assertionAlgs());
        m.put("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic", "private_key_jwt"));
        m.put("introspection_endpoint_auth_signing_alg_values_supported", List.of("RS256", "RS384", "ES256", "ES384"));
        m.put("revocation_endpoint_auth_methods_supported", List.of("client_secret_basic", "private_key_jwt", "none"));
        m.put("revocation_endpoint_auth_signing_alg_values_supported", List.of("RS256", "RS384", "ES256", "ES384"));
        m.put("id_token_signing_alg_values_supported", List.of("RS256"));
        m.put("subject_types_supported", List.of("public"));
        m.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "azp", "fhirUser",
                "acr", "amr"));
        m.put("acr_values_supported", List.of(StrongLogin.ACR_PASSWORD, StrongLogin.ACR_MFA));
        m.put("end_session_endpoint", issuer + "/logout");
        m.put("prompt_values_supported", List.of("none", "login", "consent"));
        if (!flaws.contains(Flaw.ISS_NOT_ADVERTISED)) {
            m.put("authorization_response_iss_parameter_supported", true);
        }
        m.put("request_parameter_supported", false);
        m.put("request_uri_parameter_supported", false);
        m.put("claims_parameter_supported", false);
        return m;
    }

    Map<String, Object> smartConfiguration() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        m.put("jwks_uri", issuer + "/jwks");
        m.put("authorization_endpoint", issuer + "/authorize");
        m.put("token_endpoint", issuer + "/token");
        m.put("userinfo_endpoint", issuer + "/userinfo");
        m.put("introspection_endpoint", issuer + "/introspect");
        m.put("revocation_endpoint", issuer + "/revoke");
        m.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "private_key_jwt", "none"));
        m.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS256", "RS384", "ES256", "ES384"));
        m.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
        m.put("scopes_supported", SCOPES);
        m.put("response_types_supported", List.of("code"));
        m.put("code_challenge_methods_supported", challengeMethods());
        m.put("capabilities", CAPABILITIES);
        return m;
    }

    Map<String, Object> capabilityStatement() {
        Map<String, Object> oauthUris = Map.of(
                "url", "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
                "extension", List.of(
                        Map.of("url", "authorize", "valueUri", issuer + "/authorize"),
                        Map.of("url", "token", "valueUri", issuer + (flaws.contains(Flaw.CAPABILITY_URIS_DISAGREE)
                                ? "/oauth/token" : "/token")),
                        Map.of("url", "introspect", "valueUri", issuer + "/introspect"),
                        Map.of("url", "revoke", "valueUri", issuer + "/revoke")));
        Map<String, Object> security = Map.of(
                "service", List.of(Map.of("coding", List.of(Map.of(
                        "system", "http://terminology.hl7.org/CodeSystem/restful-security-service", "code", "SMART-on-FHIR")))),
                "extension", List.of(oauthUris));
        List<Object> resources = List.of(
                Map.of("type", "Patient", "interaction", List.of(Map.of("code", "read"), Map.of("code", "search-type")),
                        "searchParam", List.of(Map.of("name", "_id", "type", "token")),
                        "searchRevInclude", List.of("Observation:patient"),
                        "operation", List.of(Map.of("name", "everything",
                                "definition", "http://hl7.org/fhir/OperationDefinition/Patient-everything"))),
                Map.of("type", "Observation", "interaction", List.of(Map.of("code", "read"), Map.of("code", "search-type"),
                                Map.of("code", "create")),
                        "searchParam", List.of(Map.of("name", "patient", "type", "reference"),
                                Map.of("name", "category", "type", "token")),
                        "searchInclude", List.of("Observation:patient", "Observation:subject")));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resourceType", "CapabilityStatement");
        m.put("status", "active");
        m.put("date", "2026-01-01");
        m.put("kind", "instance");
        m.put("software", Map.of("name", "hitcert reference candidate"));
        m.put("implementation", Map.of("description", "hitcert reference FHIR server", "url", fhirBase));
        m.put("fhirVersion", "4.0.1");
        m.put("format", List.of("application/fhir+json"));
        m.put("rest", List.of(Map.of("mode", "server", "security", security, "resource", resources,
                "interaction", List.of(Map.of("code", "batch"), Map.of("code", "transaction")))));
        return m;
    }

    void openIdConfiguration(HttpExchange ex) throws IOException {
        publicJson(ex, authorizationServer());
    }

    void jwks(HttpExchange ex) throws IOException {
        Http.requireMethod(ex, "GET", "HEAD");
        allowAnyOrigin(ex);
        Http.send(ex, 200, "application/jwk-set+json", jwks);
    }

    private void allowAnyOrigin(HttpExchange ex) {
        if (!flaws.contains(Flaw.DISCOVERY_NO_CORS)) {
            ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        }
    }

    void publicJson(HttpExchange ex, Object value) throws IOException {
        Http.requireMethod(ex, "GET", "HEAD");
        allowAnyOrigin(ex);
        Http.json(ex, 200, value);
    }
}
