package org.hitcert.reference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Authenticates the client of a token, introspection or revocation request: {@code none} (client_id only, public
 * clients), {@code client_secret_basic} (RFC 6749 §2.3.1), {@code private_key_jwt} (RFC 7523 §3, SMART asymmetric).
 */
final class ClientAuthenticator {

    static final Set<JWSAlgorithm> ASSERTION_ALGS =
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.ES256, JWSAlgorithm.ES384);
    private static final long SKEW_SECONDS = 60;
    private static final long MAX_LIFETIME_SECONDS = 300;

    private final Registry registry;
    private final Tokens tokens;
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final List<String> audiences;
    private final Set<Flaw> flaws;

    ClientAuthenticator(Registry registry, Tokens tokens, List<String> audiences, Set<Flaw> flaws) {
        this.registry = registry;
        this.tokens = tokens;
        this.audiences = List.copyOf(audiences);
        this.flaws = flaws;
        this.lockout = flaws.contains(Flaw.ASSERTION_CLIENT_LOCKOUT) ? new AssertionLockout(tokens, 1, 30, 60)
                : flaws.contains(Flaw.ASSERTION_LOCKOUT_ALG_NONE) ? new AssertionLockout(tokens, 3, 30, 2)
                : AssertionLockout.NONE;
    }

    private final AssertionLockout lockout;

    /**
     * Only with {@link Flaw#ASSERTION_CLIENT_LOCKOUT} or {@link Flaw#ASSERTION_LOCKOUT_ALG_NONE}: {@code failures} failed
     * assertions of a private_key_jwt client within {@code windowSeconds} lock it out for {@code lockSeconds}; while
     * locked, every assertion of the client, valid or not, is answered 429 invalid_client with Retry-After (and not
     * counted). The reference's own throttling of client_secret_basic clients is in {@code CrossSite}.
     */
    private static final class AssertionLockout {
        static final AssertionLockout NONE = new AssertionLockout(null, 0, 0, 0);

        private final Tokens tokens;
        private final int failures;
        private final long windowSeconds;
        private final long lockSeconds;
        private final Map<String, java.util.Deque<Instant>> seen = new java.util.HashMap<>();
        private final Map<String, Instant> lockedUntil = new java.util.HashMap<>();

        AssertionLockout(Tokens tokens, int failures, long windowSeconds, long lockSeconds) {
            this.tokens = tokens;
            this.failures = failures;
            this.windowSeconds = windowSeconds;
            this.lockSeconds = lockSeconds;
        }

        synchronized void refuseIfLocked(String clientId) throws OAuthError {
            if (tokens == null) {
                return;
            }
            Instant until = lockedUntil.get(clientId);
            Instant now = tokens.now();
            if (until != null && now.isBefore(until)) {
                long retry = Math.max(1, (java.time.Duration.between(now, until).toMillis() + 999) / 1000);
                throw new OAuthError("invalid_client", "too many failed client authentications; retry later", 429, retry);
            }
        }

        synchronized void failed(String clientId) {
            if (tokens == null) {
                return;
            }
            Instant now = tokens.now();
            java.util.Deque<Instant> times = seen.computeIfAbsent(clientId, k -> new java.util.ArrayDeque<>());
            while (!times.isEmpty() && times.peekFirst().isBefore(now.minusSeconds(windowSeconds))) {
                times.removeFirst();
            }
            times.addLast(now);
            if (times.size() >= failures) {
                lockedUntil.put(clientId, now.plusSeconds(lockSeconds));
                times.clear();
            }
        }
    }

    /**
     * @param endpoint the URL of the endpoint being called, also accepted as assertion audience
     * @param allowPublic whether a public client may identify itself with client_id only
     */
    Registry.Client authenticate(HTTPRequest request, String endpoint, boolean allowPublic) throws OAuthError {
        Map<String, List<String>> form = URLUtils.parseParameters(request.getBody());
        if (form.containsKey("client_assertion") || form.containsKey("client_assertion_type")) {
            return authenticateAssertion(request, form, endpoint);
        }
        ClientAuthentication auth;
        try {
            auth = ClientAuthentication.parse(request);
        } catch (ParseException e) {
            throw OAuthError.invalidClient("malformed client authentication");
        }
        if (auth == null) {
            if (request.getAuthorization() != null) {
                throw OAuthError.invalidClient("unsupported Authorization scheme");
            }
            String clientId = Http.single(form, "client_id").orElseThrow(() -> OAuthError.invalidClient("client authentication missing"));
            Registry.Client client = registry.client(clientId);
            boolean lenient = client != null && client.authMethod() != Registry.AuthMethod.NONE && allowPublic
                    && (flaws.contains(Flaw.CONFIDENTIAL_UNAUTHENTICATED) && endpoint.endsWith("/token")
                    || flaws.contains(Flaw.REVOCATION_UNAUTHENTICATED) && endpoint.endsWith("/revoke"));
            if (client == null || (client.authMethod() != Registry.AuthMethod.NONE && !lenient)) {
                throw OAuthError.invalidClient("client authentication failed");
            }
            if (!allowPublic) {
                throw OAuthError.invalidClient("this endpoint requires client authentication");
            }
            return client;
        }
        Registry.Client client = registry.client(auth.getClientID().getValue());
        if (client == null) {
            throw OAuthError.invalidClient("client authentication failed");
        }
        if (form.containsKey("client_id") && !List.of(client.clientId()).equals(form.get("client_id"))) {
            throw OAuthError.invalidClient("client_id does not match the authenticated client");
        }
        if (auth instanceof ClientSecretBasic basic && client.authMethod() == Registry.AuthMethod.CLIENT_SECRET_BASIC) {
            if (!MessageDigest.isEqual(basic.getClientSecret().getValue().getBytes(StandardCharsets.UTF_8),
                    client.secret().getBytes(StandardCharsets.UTF_8))) {
                throw OAuthError.invalidClient("client authentication failed");
            }
            return client;
        }
        if (auth instanceof ClientSecretBasic && client.authMethod() == Registry.AuthMethod.PRIVATE_KEY_JWT
                && client.secret() == null && flaws.contains(Flaw.SECRET_AUTH_ALLOWED_FOR_JWT_CLIENT)) {
            return client; // the flaw: a client with no secret on file is taken to match any secret
        }
        throw OAuthError.invalidClient("client authentication method not registered for this client");
    }

    /** RFC 7523 §2.2 and §3, SMART asymmetric client authentication; checks in the order a forgery is cheapest to refuse. */
    private Registry.Client authenticateAssertion(HTTPRequest request, Map<String, List<String>> form, String endpoint)
            throws OAuthError {
        // RFC 6749 §2.3: one authentication method per request
        if (request.getAuthorization() != null || form.containsKey("client_secret")) {
            throw OAuthError.invalidRequest("more than one client authentication method");
        }
        if (!flaws.contains(Flaw.ASSERTION_TYPE_UNCHECKED)
                && !List.of(JWT_BEARER).equals(form.get("client_assertion_type"))) {
            throw OAuthError.invalidClient("client_assertion_type must be " + JWT_BEARER);
        }
        String raw = Http.single(form, "client_assertion").orElseThrow(() -> OAuthError.invalidClient("client_assertion missing"));
        try {
            String[] parts = raw.split("\\.", -1);
            if (parts.length != 3) {
                throw OAuthError.invalidClient("client assertion is not a JWS");
            }
            Map<String, Object> headerJson = JSONObjectUtils.parse(new Base64URL(parts[0]).decodeToString());
            String algName = String.valueOf(headerJson.get("alg"));
            JWTClaimsSet c = JWTClaimsSet.parse(new Base64URL(parts[1]).decodeToString());
            Registry.Client client = c.getIssuer() == null ? null : registry.client(c.getIssuer());
            if (client == null || client.authMethod() != Registry.AuthMethod.PRIVATE_KEY_JWT) {
                throw OAuthError.invalidClient("client assertion iss is not a private_key_jwt client");
            }
            lockout.refuseIfLocked(client.clientId());
            try {
                if (flaws.contains(Flaw.ASSERTION_CLIENT_ID_REQUIRED) && !form.containsKey("client_id")) {
                    throw OAuthError.invalidClient("client_id is required with a client assertion");
                }
                if (!flaws.contains(Flaw.ASSERTION_SUB_UNCHECKED) && !client.clientId().equals(c.getSubject())) {
                    throw OAuthError.invalidClient("client assertion sub must equal iss (the client_id)");
                }
                if (form.containsKey("client_id") && !List.of(client.clientId()).equals(form.get("client_id"))) {
                    throw OAuthError.invalidClient("client_id does not match the client assertion");
                }
                if (algName.equalsIgnoreCase("none")) {
                    if (!flaws.contains(Flaw.ASSERTION_ALG_NONE) && !flaws.contains(Flaw.ASSERTION_LOCKOUT_ALG_NONE)) {
                        throw OAuthError.invalidClient("unsigned client assertions are not accepted");
                    }
                } else {
                    verifySignature(client, SignedJWT.parse(raw));
                }
                verifyClaims(client, c, endpoint);
                return client;
            } catch (OAuthError | java.text.ParseException | com.nimbusds.jose.JOSEException | ClassCastException
                     | IllegalArgumentException e) {
                lockout.failed(client.clientId());
                throw e;
            }
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException | ClassCastException | IllegalArgumentException e) {
            throw OAuthError.invalidClient("client assertion invalid");
        }
    }

    /** Clients registered by jwks_uri: their keys are fetched from there and cached as its Cache-Control allows. */
    private final Map<String, java.net.URI> jwksUris = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, CachedJwks> jwksCache = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile javax.net.ssl.SSLContext jwksTrust;
    private static final long DEFAULT_JWKS_SECONDS = 300;
    private static final long MAX_JWKS_SECONDS = 3600;
    private static final int MAX_JWKS_BYTES = 64 * 1024;

    private record CachedJwks(List<JWK> keys, Instant expires) {
        boolean has(String kid) {
            return keys.stream().anyMatch(k -> kid.equals(k.getKeyID()));
        }
    }

    /** Registers {@code clientId} by {@code jwksUri}, fetched over TLS trusting {@code trust}. */
    void registerJwksUri(String clientId, java.net.URI jwksUri, javax.net.ssl.SSLContext trust) {
        jwksUris.put(clientId, jwksUri);
        jwksTrust = trust;
    }

    /**
     * The keys of {@code client}'s JWKS with {@code kid}. SMART asymmetric client authentication: the JWKS is cached no
     * longer than its Cache-Control allows (max-age; no-store or no-cache: not at all; none: 5 minutes). With
     * {@link Flaw#JWKS_CACHED_FOREVER} keys once seen stay trusted; an unknown kid refetches and adds.
     */
    private List<JWK> jwksKeys(Registry.Client client, String kid) throws OAuthError {
        Instant now = tokens.now();
        CachedJwks cached = jwksCache.get(client.clientId());
        boolean forever = flaws.contains(Flaw.JWKS_CACHED_FOREVER);
        if (cached == null || (forever ? !cached.has(kid) : !now.isBefore(cached.expires()))) {
            CachedJwks fresh = fetchJwks(jwksUris.get(client.clientId()), now);
            if (forever && cached != null) {
                List<JWK> union = new java.util.ArrayList<>(cached.keys());
                union.addAll(fresh.keys());
                fresh = new CachedJwks(union, fresh.expires());
            }
            jwksCache.put(client.clientId(), fresh);
            cached = fresh;
        }
        return cached.keys().stream().filter(k -> kid.equals(k.getKeyID())).toList();
    }

    private CachedJwks fetchJwks(java.net.URI uri, Instant now) throws OAuthError {
        if (flaws.contains(Flaw.SUITE_HOSTS_UNREACHABLE)) {
            throw OAuthError.invalidClient("the client's jwks_uri could not be read");
        }
        try {
            // 10 s: on a loaded machine (seven suites on two cores) the suite's JWKS host answered 2 s and 5 s limits too
            // late (an INCONCLUSIVE jwks-cache); one client for all fetches, not a new one (threads, TLS context) each time
            java.net.http.HttpResponse<byte[]> r = jwksClient().send(java.net.http.HttpRequest.newBuilder(uri)
                    .timeout(java.time.Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200 || r.body().length > MAX_JWKS_BYTES) {
                throw OAuthError.invalidClient("the client's jwks_uri could not be read");
            }
            List<JWK> keys = JWKSet.parse(new String(r.body(), StandardCharsets.UTF_8)).getKeys().stream()
                    .filter(k -> !k.isPrivate()).toList();
            return new CachedJwks(keys, now.plusSeconds(cacheSeconds(r.headers().allValues("Cache-Control"))));
        } catch (java.io.IOException | java.text.ParseException e) {
            throw OAuthError.invalidClient("the client's jwks_uri could not be read");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OAuthError.invalidClient("the client's jwks_uri could not be read");
        }
    }

    private volatile java.net.http.HttpClient jwksClient;

    private java.net.http.HttpClient jwksClient() {
        java.net.http.HttpClient c = jwksClient;
        if (c == null) {
            c = java.net.http.HttpClient.newBuilder().sslContext(jwksTrust).connectTimeout(java.time.Duration.ofSeconds(10)).build();
            jwksClient = c;
        }
        return c;
    }

    private static long cacheSeconds(List<String> cacheControl) {
        long seconds = DEFAULT_JWKS_SECONDS;
        for (String value : cacheControl) {
            for (String directive : value.split(",")) {
                String d = directive.trim().toLowerCase(java.util.Locale.ROOT);
                if (d.equals("no-store") || d.equals("no-cache")) {
                    return 0;
                }
                if (d.startsWith("max-age=")) {
                    try {
                        seconds = Math.min(Math.max(Long.parseLong(d.substring(8)), 0), MAX_JWKS_SECONDS);
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                }
            }
        }
        return seconds;
    }

    /** Whether a failed authentication is answered without the Basic challenge (only with {@link Flaw#BASIC_NO_CHALLENGE}). */
    boolean omitChallenge() {
        return flaws.contains(Flaw.BASIC_NO_CHALLENGE);
    }

    private void verifySignature(Registry.Client client, SignedJWT assertion) throws OAuthError, com.nimbusds.jose.JOSEException {
        JWSAlgorithm alg = assertion.getHeader().getAlgorithm();
        if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
            if (flaws.contains(Flaw.ASSERTION_HMAC_CONFUSION) && alg.equals(JWSAlgorithm.HS256)
                    && assertion.verify(new MACVerifier(pem(client.publicKey())))) {
                return;
            }
            throw OAuthError.invalidClient("client assertion algorithm not allowed");
        }
        boolean listed = ASSERTION_ALGS.contains(alg)
                && !(flaws.contains(Flaw.ASSERTION_ES384_REFUSED) && JWSAlgorithm.Family.EC.contains(alg));
        if (!listed && !(flaws.contains(Flaw.ASSERTION_ALG_UNLISTED)
                && (JWSAlgorithm.Family.RSA.contains(alg) || JWSAlgorithm.Family.EC.contains(alg)))) {
            throw OAuthError.invalidClient("client assertion algorithm not allowed");
        }
        JWK key = client.publicKey();
        String kid = assertion.getHeader().getKeyID();
        if (assertion.getHeader().getJWKURL() != null) {
            if (!flaws.contains(Flaw.ASSERTION_JKU_TRUSTED)) {
                // SMART asymmetric: a jku must be the client's registered JWKS URL; these clients registered keys, not a URL
                throw OAuthError.invalidClient("client assertion jku is not registered for this client");
            }
            key = fetchJku(assertion.getHeader().getJWKURL(), kid);
        } else if (assertion.getHeader().getJWK() != null && flaws.contains(Flaw.ASSERTION_JWK_HEADER_TRUSTED)) {
            key = assertion.getHeader().getJWK(); // the flaw: the assertion brings the key that verifies it
        } else if (assertion.getHeader().getX509CertChain() != null && !assertion.getHeader().getX509CertChain().isEmpty()
                && flaws.contains(Flaw.ASSERTION_X5C_HEADER_TRUSTED)) {
            key = JWK.parse(com.nimbusds.jose.util.X509CertUtils.parse(assertion.getHeader().getX509CertChain().get(0).decode()));
        } else if (assertion.getHeader().getJWK() != null || assertion.getHeader().getX509CertChain() != null) {
            // RFC 7515 §4.1.3, §4.1.6; RFC 8725 §3.10: keys named in the header are not trusted; only registered keys verify
            throw OAuthError.invalidClient("client assertion must not carry its own key");
        } else if (kid == null) {
            if (!flaws.contains(Flaw.ASSERTION_KID_OPTIONAL)) {
                throw OAuthError.invalidClient("client assertion has no kid");
            }
        } else if (jwksUris.containsKey(client.clientId())) {
            // SMART asymmetric: every key of the client's JWKS with this kid is a candidate; one must verify
            List<JWK> candidates = jwksKeys(client, kid);
            if (candidates.isEmpty()) {
                throw OAuthError.invalidClient("client assertion kid names no key in the client's JWKS");
            }
            if (flaws.contains(Flaw.ASSERTION_SIGNATURE_UNCHECKED)
                    || candidates.size() > 1 && flaws.contains(Flaw.JWKS_DUPLICATE_KID_UNVERIFIED)) {
                return;
            }
            for (JWK candidate : candidates) {
                JWSVerifier v = candidate instanceof RSAKey rsa ? new RSASSAVerifier(rsa)
                        : candidate instanceof ECKey ec ? new ECDSAVerifier(ec) : null;
                if (v != null && v.supportedJWSAlgorithms().contains(alg) && assertion.verify(v)) {
                    return;
                }
            }
            throw OAuthError.invalidClient("client assertion signature invalid");
        } else if (!kid.equals(client.publicKey().getKeyID())) {
            key = flaws.contains(Flaw.ASSERTION_ANY_REGISTERED_KEY) ? registry.clients.stream()
                    .map(Registry.Client::publicKey).filter(k -> k != null && kid.equals(k.getKeyID())).findFirst().orElse(null) : null;
            if (key == null) {
                throw OAuthError.invalidClient("client assertion kid does not name a registered key");
            }
        }
        if (flaws.contains(Flaw.ASSERTION_SIGNATURE_UNCHECKED)) {
            return;
        }
        JWSVerifier verifier = key instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) key);
        if (!verifier.supportedJWSAlgorithms().contains(alg) || !assertion.verify(verifier)) {
            throw OAuthError.invalidClient("client assertion signature invalid");
        }
    }

    private void verifyClaims(Registry.Client client, JWTClaimsSet c, String endpoint) throws OAuthError {
        Instant now = tokens.now();
        if (!flaws.contains(Flaw.ASSERTION_AUD_UNCHECKED)) {
            // every audience must be this server: [token URL, other] would let another party replay it (rfc7523bis)
            java.util.function.Predicate<String> ours = a -> audiences.contains(a)
                    || a.equals(endpoint) && !flaws.contains(Flaw.ASSERTION_AUD_TOKEN_OR_ISSUER_ONLY);
            if (c.getAudience() == null || c.getAudience().isEmpty() || !(flaws.contains(Flaw.ASSERTION_AUD_ANY_OF)
                    ? c.getAudience().stream().anyMatch(ours) : c.getAudience().stream().allMatch(ours))) {
                throw OAuthError.invalidClient("client assertion audience is not this server");
            }
        }
        Instant exp = c.getExpirationTime() == null ? null : c.getExpirationTime().toInstant();
        if (!flaws.contains(Flaw.ASSERTION_EXP_UNCHECKED)) {
            if (exp == null) {
                throw OAuthError.invalidClient("client assertion has no exp");
            }
            if (exp.plusSeconds(SKEW_SECONDS).isBefore(now)) {
                throw OAuthError.invalidClient("client assertion expired");
            }
            if (exp.isAfter(now.plusSeconds(MAX_LIFETIME_SECONDS + SKEW_SECONDS))) {
                throw OAuthError.invalidClient("client assertion exp is more than 5 minutes ahead");
            }
        }
        if (!flaws.contains(Flaw.ASSERTION_NBF_UNCHECKED)
                && c.getNotBeforeTime() != null && c.getNotBeforeTime().toInstant().isAfter(now.plusSeconds(SKEW_SECONDS))) {
            throw OAuthError.invalidClient("client assertion not yet valid");
        }
        if (c.getJWTID() == null || c.getJWTID().isEmpty()) {
            throw OAuthError.invalidClient("client assertion has no jti");
        }
        Instant keep = exp == null || exp.isAfter(now.plusSeconds(MAX_LIFETIME_SECONDS)) ? now.plusSeconds(MAX_LIFETIME_SECONDS) : exp;
        if (!flaws.contains(Flaw.ASSERTION_JTI_REUSABLE)
                && registry.assertionJtis.putIfAbsent(client.clientId() + " " + c.getJWTID(), keep.plusSeconds(SKEW_SECONDS)) != null) {
            throw OAuthError.invalidClient("client assertion jti already used");
        }
    }

    private static byte[] pem(JWK key) throws com.nimbusds.jose.JOSEException {
        java.security.PublicKey pub = key instanceof RSAKey rsa ? rsa.toPublicKey() : ((ECKey) key).toPublicKey();
        return ("-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pub.getEncoded())
                + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Only with {@link Flaw#ASSERTION_JKU_TRUSTED}: the careless fetch of whatever URL the assertion names. */
    private JWK fetchJku(java.net.URI jku, String kid) throws OAuthError {
        if (flaws.contains(Flaw.SUITE_HOSTS_UNREACHABLE)) {
            throw OAuthError.invalidClient("jku could not be fetched");
        }
        try {
            // the trust of the jwks_uri fetches: the suite hosts the jku beside them, on its callback origin
            java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2));
            java.net.http.HttpClient client = (jwksTrust == null ? b : b.sslContext(jwksTrust)).build();
            java.net.http.HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(jku)
                    .timeout(java.time.Duration.ofSeconds(2)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            JWKSet set = JWKSet.parse(r.body());
            JWK key = kid == null ? set.getKeys().get(0) : set.getKeyByKeyId(kid);
            if (key == null) {
                throw OAuthError.invalidClient("no key in the jku");
            }
            return key;
        } catch (java.io.IOException | java.text.ParseException | IndexOutOfBoundsException e) {
            throw OAuthError.invalidClient("jku could not be fetched");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OAuthError.invalidClient("jku could not be fetched");
        }
    }
}
