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
    HEADER_TOKEN_IGNORED("the FHIR API ignores the Authorization header and reads only ?access_token="),

    // Each area adds its flaws in its own section below (keeps parallel work from colliding).

    // -- authorization endpoint, PKCE, code lifecycle --

    // -- token endpoint, client authentication, refresh, introspection, revocation, backend services --

    // -- transport (TLS) and the protected FHIR API --

    // -- OpenID Connect, login strength, SSO, SMART and HEART profiles --
    JWKS_PRIVATE_KEY_LEAK("the JWKS publishes the signing key with its private members (d, p, q, dp, dq, qi)"),
    ID_TOKEN_UNSIGNED("ID tokens are issued unsigned (alg none)"),
    ID_TOKEN_WRONG_ISS("ID tokens name the issuer with a trailing slash"),
    ID_TOKEN_WRONG_AUD("ID tokens name the FHIR server as their audience instead of the client"),
    ID_TOKEN_LONG_LIVED("ID tokens expire ten years after they are issued"),
    NONCE_IGNORED("ID tokens leave out the nonce of the authorization request"),
    AT_HASH_WRONG("the ID token's at_hash is computed over another value than the access token"),
    SUB_UNSTABLE("sub (in ID tokens and at userinfo) changes with every grant for the same user"),
    USERINFO_SUB_MISMATCH("userinfo answers with a sub that differs from the ID token's"),
    USERINFO_NO_CHALLENGE("userinfo answers 401 without a WWW-Authenticate: Bearer challenge"),
    USERINFO_EXTRA_CLAIMS("userinfo releases name, birthdate and email whatever scope was granted"),
    DISCOVERY_NO_CORS("discovery documents and the JWKS carry no Access-Control-Allow-Origin header"),
    PROMPT_LOGIN_IGNORED("prompt=login is ignored: an existing session is reused silently"),
    MAX_AGE_IGNORED("max_age is ignored: an older session is reused silently"),
    AUD_UNCHECKED("the authorization endpoint accepts any aud, and its tokens still work at the real FHIR server"),
    PATIENT_CONTEXT_MISSING("the token response names no patient although launch/patient was granted"),
    AT_NOT_JWT_CLAIMS("access tokens lack the HEART claims azp and the header's kid"),
    FHIRUSER_MISSING("ID tokens leave out fhirUser although the fhirUser scope was granted"),


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
