package org.hitcert.reference;

import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Registered clients and users, and the server's mutable state: sessions, codes, grants and tokens. */
final class Registry {

    enum AuthMethod {
        NONE("none"), CLIENT_SECRET_BASIC("client_secret_basic"), PRIVATE_KEY_JWT("private_key_jwt");

        final String id;

        AuthMethod(String id) {
            this.id = id;
        }
    }

    record Client(String role, String clientId, AuthMethod authMethod, String secret, JWK publicKey,
                  List<URI> redirectUris, Set<String> grantTypes, List<String> defaultScope, Set<String> allowedScope) {
    }

    record User(String role, String username, String password, String sub, String patient) {
        String fhirUser() {
            return "Patient/" + patient;
        }
    }

    /** A browser session; {@code user} is null until login. */
    static final class Session {
        final String id;
        final String csrf;
        final Instant created = Instant.now();
        volatile User user;
        volatile Instant authTime;
        /** The user whose password was right and who still owes the second factor; null otherwise. */
        volatile User pendingUser;
        /** The authentication methods of this session's login (OIDC Core §2 amr). */
        volatile List<String> amr = List.of("pwd");
        final Set<String> consents = ConcurrentHashMap.newKeySet();
        final Map<String, Transaction> transactions = new ConcurrentHashMap<>();

        Session(String id, String csrf) {
            this.id = id;
            this.csrf = csrf;
        }
    }

    /** A validated authorization request waiting for login and consent. */
    record Transaction(String id, Client client, String redirectUri, String state, List<String> scope, String nonce,
                       String codeChallenge, String codeChallengeMethod, Instant expires) {
    }

    /** One user's (or backend client's) authorization of one client; revoking it kills every token from it. */
    static final class Grant {
        final String id;
        final Client client;
        final User user; // null for client_credentials
        final List<String> scope;
        final Instant authTime;
        volatile boolean revoked;
        /** The authentication methods of the login behind this grant; null for client_credentials. */
        volatile List<String> amr;
        /** With the SCOPE_RESPONSE_ECHOES_REQUEST flaw: the scope the token response states instead; null otherwise. */
        volatile List<String> reportedScope;
        /**
         * With the interop switch grant-per-session: the login session and client the grant was issued over; the grants
         * that share it fall together ({@link Registry#revokeFamily}). Null otherwise.
         */
        volatile String family;

        Grant(String id, Client client, User user, List<String> scope, Instant authTime) {
            this.id = id;
            this.client = client;
            this.user = user;
            this.scope = List.copyOf(scope);
            this.authTime = authTime;
        }

        String sub() {
            return user == null ? client.clientId() : user.sub();
        }

        String patient() {
            return user == null ? null : user.patient();
        }
    }

    static final class Code {
        final Transaction tx;
        final Grant grant;
        final Instant expires;
        volatile boolean used;

        Code(Transaction tx, Grant grant, Instant expires) {
            this.tx = tx;
            this.grant = grant;
            this.expires = expires;
        }
    }

    static final class AccessToken {
        private final String jti;
        private final Grant grant;
        private final List<String> scope;
        private final Instant issued;
        private final Instant expires;
        volatile boolean revoked;

        AccessToken(String jti, Grant grant, List<String> scope, Instant issued, Instant expires) {
            this.jti = jti;
            this.grant = grant;
            this.scope = scope;
            this.issued = issued;
            this.expires = expires;
        }

        String jti() {
            return jti;
        }

        Grant grant() {
            return grant;
        }

        List<String> scope() {
            return scope;
        }

        Instant issued() {
            return issued;
        }

        Instant expires() {
            return expires;
        }
    }

    static final class RefreshToken {
        final Grant grant;
        final Instant expires;
        volatile boolean used;
        volatile boolean revoked;

        RefreshToken(Grant grant, Instant expires) {
            this.grant = grant;
            this.expires = expires;
        }
    }

    static final long SESSION_SECONDS = 3600;

    final List<Client> clients = new java.util.concurrent.CopyOnWriteArrayList<>(); // dynamic registration adds and removes
    final List<User> users = new ArrayList<>();
    /** Base32 TOTP seeds (RFC 6238) by username, for the users with a second factor. */
    final Map<String, String> totpSecrets = new ConcurrentHashMap<>();
    final Map<String, Session> sessions = new ConcurrentHashMap<>();
    final Map<String, Code> codes = new ConcurrentHashMap<>();
    final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
    final Map<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();
    final Map<String, Instant> assertionJtis = new ConcurrentHashMap<>();

    Client client(String clientId) {
        return clients.stream().filter(c -> c.clientId().equals(clientId)).findFirst().orElse(null);
    }

    User user(String username) {
        return users.stream().filter(u -> u.username().equals(username)).findFirst().orElse(null);
    }

    /** Revokes {@code grant} and every grant of its family (the same login session and client), when it has one. */
    void revokeFamily(Grant grant) {
        grant.revoked = true;
        String family = grant.family;
        if (family == null) {
            return;
        }
        java.util.stream.Stream.concat(codes.values().stream().map(c -> c.grant),
                        java.util.stream.Stream.concat(accessTokens.values().stream().map(AccessToken::grant),
                                refreshTokens.values().stream().map(r -> r.grant)))
                .filter(g -> family.equals(g.family)).forEach(g -> g.revoked = true);
    }

    /** Drops expired entries so that a long run does not grow without bound. */
    void sweep(Instant now) {
        codes.values().removeIf(c -> c.expires.plusSeconds(600).isBefore(now));
        accessTokens.values().removeIf(t -> t.expires().plusSeconds(600).isBefore(now));
        refreshTokens.values().removeIf(t -> t.expires.isBefore(now));
        assertionJtis.values().removeIf(exp -> exp.isBefore(now));
        sessions.values().removeIf(s -> s.created.plusSeconds(SESSION_SECONDS).isBefore(now));
    }
}
