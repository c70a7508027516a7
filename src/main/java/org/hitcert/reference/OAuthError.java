package org.hitcert.reference;

/** An RFC 6749 §5.2 error to answer with; {@code status} is the HTTP status to use. */
final class OAuthError extends Exception {

    final String code;
    final int status;

    OAuthError(String code, String description, int status) {
        super(description, null, false, false);
        this.code = code;
        this.status = status;
    }

    static OAuthError invalidRequest(String description) {
        return new OAuthError("invalid_request", description, 400);
    }

    static OAuthError invalidClient(String description) {
        return new OAuthError("invalid_client", description, 401);
    }

    static OAuthError invalidGrant(String description) {
        return new OAuthError("invalid_grant", description, 400);
    }

    static OAuthError invalidScope(String description) {
        return new OAuthError("invalid_scope", description, 400);
    }
}
