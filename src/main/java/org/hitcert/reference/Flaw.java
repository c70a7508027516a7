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
    REDIRECT_PREFIX_MATCH("the authorization endpoint accepts any redirect_uri that starts with a registered one"),
    REDIRECT_ERROR_TO_UNREGISTERED("an authorization request with an unknown client_id gets its error redirected to the "
            + "redirect_uri it names"),
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
    CODE_LONG_LIVED("the token endpoint redeems authorization codes after they expire"),

    // -- token endpoint, client authentication, refresh, introspection, revocation, backend services --

    // -- transport (TLS) and the protected FHIR API --

    // -- OpenID Connect, login strength, SSO, SMART and HEART profiles --

    // -- cross-site attacks, hostile input, threat monitoring --
    FRAMEABLE_LOGIN("the login and consent pages send neither X-Frame-Options nor CSP frame-ancestors, so any site can frame them"),
    COOKIES_INSECURE("the session cookie is sent without HttpOnly and with SameSite=None"),
    CORS_REFLECTS_ORIGIN("every endpoint answers CORS requests from any Origin by reflecting it, with Access-Control-Allow-Credentials: true"),
    OPEN_REDIRECT_LOGOUT("/logout redirects to whatever post_logout_redirect_uri (or next, return_to) names"),
    XSS_ERROR_PAGE("the authorization error page echoes the client_id it could not find without HTML escaping"),
    STACK_TRACE_ON_MALFORMED_INPUT("the token endpoint answers a body that is not a form with 500 and a Java stack trace"),
    NO_THROTTLING("the token, introspection and revocation endpoints never throttle repeated failed client authentication"),

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
