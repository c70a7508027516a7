package org.hitcert.reference;

/** An RFC 6749 §5.2 error to answer with; {@code status} is the HTTP status to use. */
final class OAuthError extends Exception {

    final String code;
    final int status;
    /** Seconds for a Retry-After header (a throttled client); 0 for none. */
    final long retryAfterSeconds;

    OAuthError(String code, String description, int status) {
        this(code, description, status, 0);
    }

    OAuthError(String code, String description, int status, long retryAfterSeconds) {
        super(description, null, false, false);
        this.code = code;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
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
