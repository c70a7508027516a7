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
    REDIRECT_PREFIX_MATCH("the authorization endpoint accepts any redirect_uri that starts with a registered one"),
    REDIRECT_ERROR_TO_UNREGISTERED("an authorization request with an unknown client_id gets its error redirected to the "
            + "redirect_uri it names"),
    ISS_NOT_ADVERTISED("metadata omits authorization_response_iss_parameter_supported, though authorization responses carry iss"),
    ISS_MISSING("authorization responses carry no iss parameter, though metadata advertises it"),
    PKCE_PLAIN_ACCEPTED("the authorization endpoint accepts the plain PKCE method (and a challenge without method), though "
            + "metadata lists only S256"),
    PKCE_VERIFIER_UNCHECKED("the token endpoint redeems a code with any well-formed code_verifier, never comparing it to the "
            + "code_challenge"),
    CODE_REUSABLE("an authorization code redeems more than once"),
    CODE_NOT_CLIENT_BOUND("the token endpoint redeems a code for a client other than the one it was issued to"),
    IMPLICIT_ALLOWED("the authorization endpoint serves response_type=token, an access token in the redirect's fragment"),
    SCOPE_UNCHECKED("the authorization endpoint grants scopes the client may not have instead of answering invalid_scope"),
    DUP_PARAM_ACCEPTED("the authorization endpoint takes the first value of a repeated parameter instead of refusing"),
    PROMPT_NONE_IGNORED("the authorization endpoint ignores prompt=none and shows its login page"),
    RESPONSE_TYPE_IGNORED("the authorization endpoint serves any response_type as code"),
    AUTHORIZE_POST_REFUSED("the authorization endpoint answers a form POST with 405"),
    PKCE_DOWNGRADE_ACCEPTED("a request without code_challenge gets a code, which the token endpoint redeems with any "
            + "code_verifier (and refuses without one)"),
    LOW_ENTROPY_CODES("authorization codes are 8 hex digits (32 bits)"),
    UUID_CODES("authorization codes are random UUIDs (version 4): 36 characters, but only 122 random bits"),
    SHORT_ALPHABET_CODES("authorization codes are 32 characters over the 8 letters a-h (96 bits), which look like hex"),
    CODE_LONG_LIVED("the token endpoint redeems authorization codes after they expire"),
    LOOPBACK_PORT_FIXED("the native client's loopback redirect URI must match with its port too, so the port an app "
            + "picks at run time is refused (RFC 8252 §7.3)"),
    LOOPBACK_PATH_IGNORED("the native client's loopback redirect URI matches any path on 127.0.0.1 (only scheme and host "
            + "are compared)"),
    ERROR_REDIRECT_BEFORE_AUTHN("errors for a dynamically registered client (e.g. invalid_scope) are redirected to its "
            + "redirect URI at once, before the user signed in (RFC 9700 §4.11.2)"),
    REDIRECT_307("the consent form's POST is answered with 307, so the browser re-posts the form to the client's redirect URI"),
    STATE_ENCODED_500("the authorization endpoint answers 500 to a request whose state holds a percent-encoded character "
            + "(a valid state: RFC 6749 §4.1.1 allows any VSCHAR)"),
    REDIRECT_DECODED_PATH("the authorization endpoint accepts a redirect_uri made of a registered one, '/' and a "
            + "percent-encoded traversal (..%2f), and redirects to its decoded, normalized path"),
    LOGIN_SUBMIT_RENAMED("precondition: the login page's submit button is an <input type=submit>, not a <button>, so the "
            + "login automation's 'button[type=submit]' step finds nothing; a person signs in as before", Kind.PRECONDITION),

    // -- dynamic client registration (RFC 7591) --
    DCR_STATUS_200("a successful registration is answered 200 instead of 201 Created"),
    DCR_ACCEPTS_HTTP_REDIRECT("registration accepts an http redirect URI on a host other than a loopback IP literal"),
    DCR_ACCEPTS_FRAGMENT("registration accepts a redirect URI with a fragment"),
    DCR_ACCEPTS_JWKS_AND_URI("registration accepts jwks and jwks_uri together"),
    DCR_ACCEPTS_NO_REDIRECT("registration accepts an authorization_code client without redirect_uris"),

    // -- token endpoint, client authentication, refresh, introspection, revocation, backend services --
    ASSERTION_ES384_REFUSED("private_key_jwt: ES384 (EC) assertions are refused, though SMART requires servers to support them"),
    ASSERTION_SIGNATURE_UNCHECKED("private_key_jwt: the client assertion's signature is not verified"),
    ASSERTION_AUD_UNCHECKED("private_key_jwt: the client assertion's aud is not checked at all"),
    ASSERTION_AUD_ANY_OF("private_key_jwt: a multi-valued aud is accepted when any one value is this server"),
    ASSERTION_EXP_UNCHECKED("private_key_jwt: exp is not checked (expired, missing, or far ahead are accepted)"),
    ASSERTION_NBF_UNCHECKED("private_key_jwt: an nbf in the future is ignored"),
    ASSERTION_JTI_REUSABLE("private_key_jwt: jti values are not remembered, so an assertion can be replayed"),
    ASSERTION_ALG_NONE("private_key_jwt: an assertion with alg none (any letter case) and no signature is accepted"),
    ASSERTION_HMAC_CONFUSION("private_key_jwt: an HS256 assertion is verified with the client's public key PEM as HMAC secret"),
    ASSERTION_ALG_UNLISTED("private_key_jwt: any RSA/EC signature algorithm is accepted, also ones not advertised (RS512, PS384)"),
    ASSERTION_SUB_UNCHECKED("private_key_jwt: the client is identified by iss; sub is not compared"),
    ASSERTION_KID_OPTIONAL("private_key_jwt: an assertion without kid is verified with the client's key anyway"),
    ASSERTION_ANY_REGISTERED_KEY("private_key_jwt: the kid is looked up among every client's keys, not the issuer's"),
    ASSERTION_JKU_TRUSTED("private_key_jwt: a jku header is fetched and its keys trusted"),
    ASSERTION_TYPE_UNCHECKED("private_key_jwt: client_assertion_type is not checked"),
    BASIC_NO_CHALLENGE("a failed client_secret_basic authentication is answered 400 without WWW-Authenticate: Basic"),
    TOKEN_PARAMS_LENIENT("the token endpoint takes parameters from the query string and accepts repeated parameters"),
    CONFIDENTIAL_UNAUTHENTICATED("a confidential client may redeem a code with client_id only"),
    ROPC_ENABLED("the token endpoint grants grant_type=password for valid user credentials"),
    REFRESH_NOT_ROTATED("a public client's refresh token stays valid after use and no new one is issued"),
    REFRESH_REUSE_NOT_DETECTED("reuse of a rotated refresh token is refused but does not revoke the newer tokens"),
    REFRESH_NOT_CLIENT_BOUND("a refresh token is accepted from any client"),
    REFRESH_SCOPE_WIDENING("a refresh may ask for scopes beyond the original grant and gets them"),
    CC_REFRESH_ISSUED("client_credentials responses carry a refresh token"),
    INTROSPECTION_OPEN("the introspection endpoint answers without client authentication"),
    INTROSPECTION_LEAKS_INACTIVE("introspection of a revoked token returns its details besides active:false"),
    INTROSPECTION_IGNORES_REVOCATION("introspection checks an access token's signature and expiry but not whether it was revoked"),
    INTROSPECTION_MINIMAL("introspection of a live token answers only active:true (no scope, client_id, exp)"),
    INTROSPECTION_GET_ALLOWED("the introspection endpoint answers GET with the token in the query string"),
    TOKEN_RESPONSE_NO_SCOPE("token responses omit the scope member"),
    ACCESS_TOKEN_LONG_LIVED("access tokens for user flows live 24 hours"),
    REVOCATION_REVEALS_INVALID("the revocation endpoint answers 400 for unknown or already revoked tokens"),
    REVOCATION_TRUSTS_HINT("the revocation endpoint looks only for the type named by token_type_hint"),
    REFRESH_WITHOUT_OFFLINE_ACCESS("refresh tokens are issued without offline_access or online_access, valid for 30 days"),
    REVOCATION_NOT_PROPAGATED("revoking a refresh token leaves its access tokens usable (introspection and FHIR API)"),
    REVOCATION_IGNORED("the revocation endpoint answers 200 for a refresh token but leaves it and its grant usable"),
    REVOCATION_UNAUTHENTICATED("the revocation endpoint revokes a confidential client's token without client authentication"),
    ERROR_RESPONSE_CACHEABLE("token endpoint error responses (invalid_grant, invalid_client, invalid_scope) carry no "
            + "Cache-Control: no-store and no Pragma: no-cache; success responses do"),
    MALFORMED_ERROR_CACHEABLE("token endpoint answers to malformed requests (no grant_type) carry no Cache-Control: "
            + "no-store and no Pragma: no-cache; every other response does"),
    REFRESH_RESPONSE_CACHEABLE("refresh_token grant responses (new tokens) carry no Cache-Control: no-store and no Pragma: no-cache"),
    BACKEND_SCOPE_UNMEDIATED("a backend client gets any system/ scope it asks for, beyond its pre-authorized scope"),
    ASSERTION_REFUSED_FOR_CODE("private_key_jwt: assertions are accepted with client_credentials only; a confidential "
            + "client redeeming a code with one gets invalid_client"),
    ASSERTION_JWK_HEADER_TRUSTED("private_key_jwt: an assertion carrying a jwk header is verified with that embedded key"),
    ASSERTION_X5C_HEADER_TRUSTED("private_key_jwt: an assertion carrying an x5c header is verified with the first certificate's "
            + "key, whoever issued it"),
    JWKS_CACHED_FOREVER("private_key_jwt: keys fetched from a client's jwks_uri stay trusted forever (an unknown kid "
            + "refetches and adds), whatever the JWKS's Cache-Control says"),
    JWKS_DUPLICATE_KID_UNVERIFIED("private_key_jwt: when several keys of a client's JWKS share the assertion's kid, the "
            + "assertion is accepted without verifying its signature"),
    ASSERTION_CLIENT_LOCKOUT("private_key_jwt: one failed client assertion locks its client out for 60 s: every request "
            + "of that client, the valid ones too, is answered 429 invalid_client with Retry-After", Kind.PRECONDITION),
    SUITE_HOSTS_UNREACHABLE("the reference cannot reach what the suite hosts for it (a client's jwks_uri, a jku): every "
            + "such fetch fails, as from a network that blocks the suite's host", Kind.PRECONDITION),
    SUITE_RATE_LIMITED("a rate limiter in front of the API has blocked the suite's address: every request to the "
            + "authorization, token, introspection, revocation, userinfo and FHIR endpoints is answered 429 with "
            + "Retry-After: 60, whatever it holds (discovery and the JWKS are still served)", Kind.PRECONDITION),
    // interop switches: legitimate behaviours of real servers that the suite must adapt to (every check still decides
    // as on the clean reference)
    ASSERTION_AUD_TOKEN_OR_ISSUER_ONLY("private_key_jwt at introspection and revocation: the assertion's aud must be the "
            + "token endpoint URL or the issuer; the endpoint's own URL is refused (invalid_client), as strict servers do", Kind.INTEROP),
    ASSERTION_CLIENT_ID_REQUIRED("private_key_jwt: a request without a client_id parameter beside the assertion is refused "
            + "with invalid_client (RFC 7521 §4.2 makes it optional; some servers need it)", Kind.INTEROP),
    ASSERTION_LOCKOUT_ALG_NONE("private_key_jwt: three failed client assertions within 30 s lock the client out for 2 s "
            + "(429 invalid_client with Retry-After), and an assertion with alg none (any letter case) is accepted"),
    PKCE_FORGOTTEN_AFTER_USE("the token endpoint forgets a code's PKCE record after the first redemption and keeps no other "
            + "mark of use: a replay with the verifier is refused (no code_challenge on record), one without it redeems"),
    PKCE_VERIFIER_MALFORMED_ACCEPTED("the token endpoint accepts code_verifiers of any length and characters (RFC 7636 §4.1: "
            + "43-128 unreserved characters) when they match the challenge"),
    REFRESH_CREDENTIAL_UNCHECKED("a confidential client's refresh token refreshes with client_id only or a wrong secret "
            + "(the code grant still authenticates the client)"),
    REFRESH_NEVER_IDLES("refresh tokens of the client with a claimed idle limit (refresh-idle) live 24 hours however long unused"),

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
    PLAINTEXT_PORT_UNIFICATION("the HTTPS port also answers plain HTTP (the first byte decides: 0x16 TLS, else plaintext), so "
            + "every endpoint processes requests sent over http://"),
    // the cert-* flaws move the FHIR API to its own listener with that certificate: checks that need the FHIR API then
    // end in ERROR (a validating client cannot reach it), the right verdict for such a server
    CERT_EXPIRED("the FHIR API's certificate expired yesterday"),
    CERT_WRONG_HOST("the FHIR API's certificate names wrong-host.invalid, not localhost"),
    CERT_WEAK_KEY("the FHIR API's certificate has a 1024-bit RSA key"),
    INCLUDE_LEAKS_COMPARTMENT("a Patient search's _revinclude=Observation:patient adds the Observations of every patient the "
            + "search parameters matched, also those outside the token's patient compartment"),
    EVERYTHING_LEAKS_COMPARTMENT("Patient/[id]/$everything answers for any patient, whatever patient the token's context names"),
    BATCH_LEAKS_COMPARTMENT("the reads of a batch Bundle ignore the token's patient compartment"),
    FHIR_IGNORES_REVOCATION("the FHIR API keeps accepting an access token revoked at the revocation endpoint (introspection "
            + "and revoked grants are still honoured)"),
    ALPN_NOT_NEGOTIATED("the HTTPS listeners ignore the client's ALPN offer: no application protocol is negotiated (RFC 7301, "
            + "RFC 9325 §3.8)"),
    INCLUDE_FORWARD_LEAKS_COMPARTMENT("an Observation search's _include=Observation:patient (or :subject) adds the Patient of "
            + "every Observation the search parameters matched, also those outside the token's patient compartment"),
    UNDECLARED_REVINCLUDE_LEAKS_COMPARTMENT("the CapabilityStatement declares no searchRevInclude, yet a Patient search's "
            + "_revinclude=Observation:patient adds the Observations of every patient matched, also outside the token's "
            + "patient compartment"),
    COMPARTMENT_LEAK_ABSOLUTE_REFERENCES("an Observation search with an explicit patient parameter ignores the token's "
            + "patient compartment, and the server writes references as absolute, versioned URLs "
            + "(https://.../fhir/Patient/B/_history/1)"),
    TRANSACTION_LEAKS_COMPARTMENT("the reads of a transaction Bundle ignore the token's patient compartment"),
    GRANULAR_SCOPE_IGNORED("the FHIR API ignores the search-parameter constraint of a SMART v2 granular scope "
            + "(patient/Observation.rs?category=...laboratory also reads vital signs)"),
    V1_READ_ALLOWS_WRITE("the FHIR API treats a SMART v1 .read scope as granting every interaction, writes included"),
    SYSTEM_SCOPE_TYPE_UNCHECKED("the FHIR API ignores the resource type of system/ scopes (a system/Patient.rs backend token "
            + "reads Observations)"),

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
    USERINFO_IGNORES_REVOCATION("userinfo answers for a revoked access token (it checks signature and expiry only)"),
    USERINFO_OPENID_UNCHECKED("userinfo answers for an access token granted without the openid scope"),
    USERINFO_EXTRA_CLAIMS("userinfo releases name, birthdate and email whatever scope was granted"),
    DISCOVERY_NO_CORS("discovery documents and the JWKS carry no Access-Control-Allow-Origin header"),
    PROMPT_LOGIN_IGNORED("prompt=login is ignored: an existing session is reused silently"),
    MAX_AGE_IGNORED("max_age is ignored: an older session is reused silently"),
    AUTH_TIME_ZERO("ID tokens say auth_time 0 (1970) whenever the user logged in, as Glewlwyd 2.7 does: no client can tell a "
            + "new authentication from an old session"),
    AUD_UNCHECKED("the authorization endpoint accepts any aud, and its tokens still work at the real FHIR server"),
    PATIENT_CONTEXT_MISSING("the token response names no patient although launch/patient was granted"),
    AT_NOT_JWT_CLAIMS("access tokens lack the HEART claims azp and the header's kid"),
    FHIRUSER_MISSING("ID tokens leave out fhirUser although the fhirUser scope was granted"),
    CAPABILITY_URIS_DISAGREE("the CapabilityStatement's oauth-uris name a stale token endpoint (/oauth/token) that "
            + ".well-known/smart-configuration does not"),
    GRANT_TYPE_UNCHECKED("the token endpoint grants client_credentials to clients registered only for the authorization "
            + "code grant, with their patient scopes"),
    SCOPE_RESPONSE_ECHOES_REQUEST("a request for more than a client's registration (patient/*.cruds for a read-only "
            + "client) is reduced to what it allows, but the token response echoes the requested scope"),
    V2_SCOPES_REFUSED("the authorization endpoint matches resource-specific SMART v2 scopes (patient/Observation.rs) "
            + "verbatim against the client's registration, so it refuses them although permission-v2 is advertised"),
    SECRET_AUTH_ALLOWED_FOR_JWT_CLIENT("the token endpoint accepts client_secret_basic with any secret for a client "
            + "registered for private_key_jwt (which has no secret)"),
    AUTHORIZE_GRANT_TYPE_UNCHECKED("the authorization endpoint issues codes to a client registered only for "
            + "client_credentials (HEART: one grant type per client)"),
    // login, consent, session
    CONSENT_SKIPPED("after the login the code is issued at once: no consent page, also for a client's first authorization"),
    NO_LOCKOUT("the login page accepts any number of wrong passwords and then the right one at once"),
    ACR_WITHOUT_MFA("the mfa user's TOTP step is skipped, yet the ID token claims the multi-factor acr and amr otp"),
    LOGOUT_KEEPS_SESSION("the end_session_endpoint answers \"signed out\" but the login session stays valid"),


    // -- cross-site attacks, hostile input, threat monitoring --
    FRAMEABLE_LOGIN("the login and consent pages send neither X-Frame-Options nor CSP frame-ancestors, so any site can frame them"),
    COOKIES_INSECURE("the session cookie is sent without HttpOnly and with SameSite=None"),
    CORS_REFLECTS_ORIGIN("every endpoint answers CORS requests from any Origin by reflecting it, with Access-Control-Allow-Credentials: true"),
    OPEN_REDIRECT_LOGOUT("/logout redirects to whatever post_logout_redirect_uri (or next, return_to) names"),
    XSS_ERROR_PAGE("the authorization error page echoes the client_id it could not find without HTML escaping"),
    STACK_TRACE_ON_MALFORMED_INPUT("the token endpoint answers a body that is not a form with 500 and a Java stack trace"),
    NO_THROTTLING("the token, introspection and revocation endpoints never throttle repeated failed client authentication"),
    CONSENT_CSRF("the consent form is sent by GET with neither a CSRF token nor the transaction: a GET carrying decision=approve approves the session's pending request"),
    REFERER_LEAKS_STATE("the login and consent pages load an image from a third-party host and send Referrer-Policy: unsafe-url, so that host receives the authorization request's state in the Referer"),
    LOGIN_CSRF("a login POST without the session's CSRF token and transaction still signs the browser in when the credentials are valid"),
    WEB_MESSAGE_ANY_ORIGIN("web_message authorization responses are posted with targetOrigin \"*\", so whatever page opened the authorization popup receives the code and state"),
    HYBRID_TOKEN_ALLOWED("the authorization endpoint refuses response_type=token but serves code token and code id_token token (OIDC hybrid), with an access token in the redirect's fragment"),
    CODE_REPLAY_KEEPS_TOKENS("a replayed authorization code is refused (invalid_grant), but the tokens already issued from it "
            + "stay valid (RFC 6749 §4.1.2: SHOULD revoke them)"),

    // -- interop switches: behaviour a correct server may show (interop()); every check still PASSes under them --
    FHIR_GZIP("the FHIR API answers with Content-Encoding: gzip whenever the request's Accept-Encoding allows it", Kind.INTEROP),
    FHIR_SEARCH_COMPARTMENT_ONLY("the FHIR API refuses (403) a patient-context token's search that does not name its "
            + "patient (Patient without _id, Observation without patient or subject), and serves the patient's own resources", Kind.INTEROP),
    SCOPE_GRANTS_REGISTERED("the authorization endpoint grants a client's whole registered SMART scope whatever narrower "
            + "SMART scope it asked for, and the token response states the scope granted", Kind.INTEROP),
    REFRESH_CONFIDENTIAL_ONLY("policy, not a flaw: refresh tokens are issued to confidential clients only, never to public "
            + "ones (issue 18 A7: the public-client refresh rows become NOT_APPLICABLE)", Kind.INTEROP),

    // -- browser compatibility --
    LOGIN_BROWSER_SNIFFING("the login page sniffs the User-Agent and answers \"unsupported browser\" (no form) to a browser "
            + "that is not on its desktop allow-list, such as Chrome on an Android phone"),

    // -- correct behaviours of real servers (interop switches, correct() is true): no check may FAIL under them --
    ONE_LOGIN_AT_A_TIME("brute-force protection: a sign-in of an account is refused (\"Another sign-in of this account is "
            + "in progress\") while another sign-in of the same account is being verified (300 ms), no wrong password sent",
            Kind.INTEROP),
    CONSENT_SCOPE_CHECKBOXES("the consent page lists each requested scope as a checkbox left unchecked, and grants only the "
            + "scopes whose box the user ticked", Kind.INTEROP),
    GRANT_PER_SESSION("codes issued over one login session to one client belong to one grant, as oidc-provider keeps them: a "
            + "replayed code, a reused refresh token or a revoked token (refresh or access) revokes every token of that grant "
            + "(RFC 6749 §4.1.2, RFC 9700 §4.14.2, RFC 7009 §2.1)",
            Kind.INTEROP),
    INTROSPECTION_OWN_TOKENS_ONLY("introspection answers active:false for a live token issued to another client than the "
            + "caller, as Glewlwyd 2.7 does (RFC 7662 §2.2 allows it: a token the caller may not introspect)", Kind.INTEROP),
    REFRESH_ENDS_ON_REFUSED_USE("a refresh token presented in a refused refresh request (no client credential, a wrong one, or "
            + "another client's) is revoked, as Glewlwyd 2.7 does: whoever presents it without its client's credential may have "
            + "stolen it", Kind.INTEROP),
    LOGIN_TAR_PIT("instead of locking the account, the login answers each password submission of an account with 10 or more "
            + "recent wrong passwords only after 6 s (a tar pit, RFC 6819 §5.1.4.2.5); the right password still signs in",
            Kind.INTEROP),

    ;

    private final String description;

    /** What a switch of the reference breaks, and so what the suite's own tests hold the checks to under it. */
    public enum Kind {
        /** A defect: the checks that name it FAIL, and every other check of their areas still PASSes. */
        DEFECT,
        /**
         * Breaks what checks rely on (the login automation, a client locked out, a host the suite serves made unreachable),
         * no requirement: no check names it or FAILs by it, and no check PASSes what it could not observe (DESIGN rule 8):
         * the checks it touches say INCONCLUSIVE, or still decide correctly.
         */
        PRECONDITION,
        /**
         * No defect but a behaviour real servers legitimately differ in (gzip, client_id beside an assertion, refresh
         * tokens for confidential clients only, one login of an account at a time): the suite adapts from what the server
         * shows (DESIGN rule 10), and every check still decides as on the clean reference. No check names it.
         */
        INTEROP
    }

    private final Kind kind;

    Flaw(String description) {
        this(description, Kind.DEFECT);
    }

    Flaw(String description, Kind kind) {
        this.description = description;
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether this switch breaks a precondition of checks rather than a requirement ({@link Kind#PRECONDITION}). */
    public boolean precondition() {
        return kind == Kind.PRECONDITION;
    }

    /** Whether this switch is a legitimate behaviour the suite must adapt to ({@link Kind#INTEROP}). */
    public boolean interop() {
        return kind == Kind.INTEROP;
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
