package org.hitcert.reference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
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
    private final List<String> audiences;

    ClientAuthenticator(Registry registry, Tokens tokens, List<String> audiences) {
        this.registry = registry;
        this.tokens = tokens;
        this.audiences = List.copyOf(audiences);
    }

    /**
     * @param endpoint the URL of the endpoint being called, also accepted as assertion audience
     * @param allowPublic whether a public client may identify itself with client_id only
     */
    Registry.Client authenticate(HTTPRequest request, String endpoint, boolean allowPublic) throws OAuthError {
        ClientAuthentication auth;
        try {
            auth = ClientAuthentication.parse(request);
        } catch (ParseException e) {
            throw OAuthError.invalidClient("malformed client authentication");
        }
        Map<String, List<String>> form = URLUtils.parseParameters(request.getBody());
        if (auth == null) {
            if (request.getAuthorization() != null) {
                throw OAuthError.invalidClient("unsupported Authorization scheme");
            }
            String clientId = Http.single(form, "client_id").orElseThrow(() -> OAuthError.invalidClient("client authentication missing"));
            Registry.Client client = registry.client(clientId);
            if (client == null || client.authMethod() != Registry.AuthMethod.NONE) {
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
        if (auth instanceof PrivateKeyJWT jwt && client.authMethod() == Registry.AuthMethod.PRIVATE_KEY_JWT) {
            verifyAssertion(client, jwt.getClientAssertion(), endpoint);
            return client;
        }
        throw OAuthError.invalidClient("client authentication method not registered for this client");
    }

    private void verifyAssertion(Registry.Client client, SignedJWT assertion, String endpoint) throws OAuthError {
        try {
            JWSAlgorithm alg = assertion.getHeader().getAlgorithm();
            if (!ASSERTION_ALGS.contains(alg)) {
                throw OAuthError.invalidClient("client assertion algorithm not allowed");
            }
            // SMART asymmetric auth: the kid selects the registered key; an absent or unknown kid is refused
            if (assertion.getHeader().getKeyID() == null || !assertion.getHeader().getKeyID().equals(client.publicKey().getKeyID())) {
                throw OAuthError.invalidClient("client assertion kid does not name a registered key");
            }
            JWSVerifier verifier = client.publicKey() instanceof RSAKey rsa ? new RSASSAVerifier(rsa)
                    : new ECDSAVerifier((ECKey) client.publicKey());
            if (!verifier.supportedJWSAlgorithms().contains(alg) || !assertion.verify(verifier)) {
                throw OAuthError.invalidClient("client assertion signature invalid");
            }
            JWTClaimsSet c = assertion.getJWTClaimsSet();
            Instant now = tokens.now();
            if (!client.clientId().equals(c.getIssuer()) || !client.clientId().equals(c.getSubject())) {
                throw OAuthError.invalidClient("client assertion iss and sub must be the client_id");
            }
            // every audience must be this server: [token URL, other] would let another party replay it (rfc7523bis)
            if (c.getAudience() == null || c.getAudience().isEmpty()
                    || !c.getAudience().stream().allMatch(a -> a.equals(endpoint) || audiences.contains(a))) {
                throw OAuthError.invalidClient("client assertion audience is not this server");
            }
            if (c.getExpirationTime() == null) {
                throw OAuthError.invalidClient("client assertion has no exp");
            }
            Instant exp = c.getExpirationTime().toInstant();
            if (exp.plusSeconds(SKEW_SECONDS).isBefore(now)) {
                throw OAuthError.invalidClient("client assertion expired");
            }
            if (exp.isAfter(now.plusSeconds(MAX_LIFETIME_SECONDS + SKEW_SECONDS))) {
                throw OAuthError.invalidClient("client assertion exp is more than 5 minutes ahead");
            }
            if (c.getNotBeforeTime() != null && c.getNotBeforeTime().toInstant().isAfter(now.plusSeconds(SKEW_SECONDS))) {
                throw OAuthError.invalidClient("client assertion not yet valid");
            }
            if (c.getJWTID() == null || c.getJWTID().isEmpty()) {
                throw OAuthError.invalidClient("client assertion has no jti");
            }
            if (registry.assertionJtis.putIfAbsent(client.clientId() + " " + c.getJWTID(), exp.plusSeconds(SKEW_SECONDS)) != null) {
                throw OAuthError.invalidClient("client assertion jti already used");
            }
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException | ClassCastException e) {
            throw OAuthError.invalidClient("client assertion invalid");
        }
    }
}
