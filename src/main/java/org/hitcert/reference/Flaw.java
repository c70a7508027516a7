package org.hitcert.reference;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Deliberate defects the reference candidate can be started with ({@code --flaw NAME}). Each breaks one
 * behaviour; every check names the flaws that must make it FAIL, and the suite's own tests prove it.
 */
public enum Flaw {
    ISSUER_MISMATCH("discovery documents state an issuer that differs from the URL they are served under (trailing slash)"),
    HTTP_ENDPOINT_ADVERTISED("discovery advertises the userinfo endpoint with an http:// URL"),
    ALG_NONE_ADVERTISED("discovery lists \"none\" in token_endpoint_auth_signing_alg_values_supported"),
    PKCE_PLAIN_ADVERTISED("discovery lists \"plain\" in code_challenge_methods_supported, and the endpoint accepts it"),
    SMART_CONFIG_MISSING("the FHIR server publishes no .well-known/smart-configuration (404)"),
    PKCE_OPTIONAL("the authorization endpoint issues codes without a code_challenge, redeemable without a verifier"),
    STATE_DROPPED("the authorization response omits the client's state parameter"),
    TOKEN_CACHEABLE("token endpoint responses carry no Cache-Control: no-store and no Pragma: no-cache"),
    FHIR_OPEN("the FHIR API serves data to requests without an access token"),
    NO_BEARER_CHALLENGE("the FHIR API answers 401 without a WWW-Authenticate: Bearer challenge"),
    HEADER_TOKEN_IGNORED("the FHIR API ignores an Authorization header whose scheme is not spelled exactly \"Bearer\" (RFC 7235 §2.1: the scheme is case-insensitive)"),

    // Each area adds its flaws in its own section below (keeps parallel work from colliding).

    // -- authorization endpoint, PKCE, code lifecycle --

    // -- token endpoint, client authentication, refresh, introspection, revocation, backend services --

    // -- transport (TLS) and the protected FHIR API --
    QUERY_TOKEN_ACCEPTED("the FHIR API also accepts an access token in the ?access_token= query parameter"),
    TOKEN_METHODS_MIXED("the FHIR API accepts a request that carries the access token in more than one way (header and query or body)"),
    TAMPERED_TOKEN_ACCEPTED("the FHIR API does not verify access-token signatures (it still checks iss, aud and exp)"),
    ALG_NONE_TOKEN_ACCEPTED("the FHIR API accepts unsigned (alg none) access tokens"),
    AUDIENCE_UNCHECKED("the FHIR API accepts access tokens minted for another audience"),
    FOREIGN_ISSUER_ACCEPTED("the FHIR API verifies an access token with keys fetched from the token's own iss, whatever the issuer"),
    SMART_PERMISSIONS_COARSE("the FHIR API treats .r and .s alike (either grants read and search)"),
    SCOPE_UNENFORCED("the FHIR API ignores the resource type of SMART scopes (patient/Patient.rs reads Observations)"),
    ID_TOKEN_ACCEPTED_AS_ACCESS_TOKEN("the FHIR API accepts an ID token as an access token"),
    EXPIRED_TOKEN_ACCEPTED("the FHIR API accepts access tokens past their expiry"),
    TLS10_ENABLED("the server also accepts TLS 1.0 handshakes"),
    WEAK_CIPHER_ENABLED("the server also accepts TLS_ECDHE_ECDSA_WITH_NULL_SHA, a suite without encryption"),
    NO_HSTS("responses carry no Strict-Transport-Security header"),
    COMPARTMENT_LEAK("a patient-scoped FHIR search with an explicit patient parameter ignores the token's patient compartment"),

    // -- OpenID Connect, login strength, SSO, SMART and HEART profiles --

    // -- cross-site attacks, hostile input, threat monitoring --

    ;

    private final String description;

    Flaw(String description) {
        this.description = description;
    }

    /** The name used on the command line and in candidate files: lower case, '-' separated. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String description() {
        return description;
    }

    public static Optional<Flaw> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id().equals(id)).findFirst();
    }
}
