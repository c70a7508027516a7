package org.hitcert.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.hitcert.model.Candidate.ClientSpec;

/**
 * Adds a client's authentication to a token-endpoint request, by the client's registered method:
 * {@code none} (client_id in the body), {@code client_secret_basic}, {@code client_secret_post} or
 * {@code private_key_jwt} (RFC 7523 §2.2: iss = sub = client_id, aud = token endpoint, exp 60 s, random jti).
 */
public final class ClientAuth {

    private final Function<String, String> environment;
    private final Redactor redactor;

    public ClientAuth(Function<String, String> environment, Redactor redactor) {
        this.environment = environment;
        this.redactor = redactor;
    }

    /**
     * A POST of {@code form} (name/value pairs) to {@code tokenEndpoint}, authenticated as {@code client}; a
     * private_key_jwt client uses the form learned at that endpoint ({@link AssertionForms}), else aud = that URL.
     */
    public HttpRequestSpec tokenRequest(ClientSpec client, URI tokenEndpoint, String... form) {
        return request(client, tokenEndpoint, AssertionForms.known(tokenEndpoint, client.clientId())
                .orElse(new AssertionForms.Form(tokenEndpoint, false)), form);
    }

    private HttpRequestSpec request(ClientSpec client, URI endpoint, AssertionForms.Form assertionForm, String... form) {
        List<String> params = new ArrayList<>(List.of(form));
        String basic = null;
        switch (client.authMethod()) {
            case "client_secret_basic" -> basic = "Basic " + Base64.getEncoder().encodeToString(
                    (enc(client.clientId()) + ":" + enc(secret(client))).getBytes(StandardCharsets.UTF_8));
            case "client_secret_post" -> params.addAll(List.of("client_id", client.clientId(), "client_secret", secret(client)));
            case "private_key_jwt" -> {
                params.addAll(List.of(
                        "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "client_assertion", assertion(client, assertionForm.audience())));
                if (assertionForm.clientId() && !List.of(form).contains("client_id")) {
                    params.addAll(List.of("client_id", client.clientId()));
                }
            }
            default -> params.addAll(List.of("client_id", client.clientId()));
        }
        HttpRequestSpec spec = HttpRequestSpec.postForm(endpoint, params.toArray(String[]::new));
        return basic == null ? spec : spec.withHeader("Authorization", basic);
    }

    /** Endpoint and client pairs that authenticated in this JVM ({@link #send}): their positive control is done. */
    private static final java.util.Set<String> AUTHENTICATED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Sends {@code form} to {@code endpoint} of {@code target}, authenticated as {@code client}. A private_key_jwt client
     * that the server refuses with invalid_client is tried again in the other forms the RFCs allow
     * ({@link AssertionForms#candidates}: the audience accepted at the token endpoint, the issuer, the endpoint's own
     * URL; client_id or not), and the first form not refused so is remembered for that client and endpoint; the evidence
     * says which form the server needed. Only for requests whose repetition is harmless when the client authentication
     * failed (the server then processed nothing).
     */
    public HttpExchange send(Http http, Target target, ClientSpec client, URI endpoint, String... form) {
        if (!client.authMethod().equals("private_key_jwt")) {
            HttpExchange x = http.send(tokenRequest(client, endpoint, form));
            if (!AssertionForms.authenticationFailed(x)) {
                AUTHENTICATED.add(endpoint + " " + client.clientId());
            }
            return x;
        }
        URI token = target.endpoint("token").orElse(endpoint);
        List<AssertionForms.Form> forms = AssertionForms.candidates(endpoint, token, target.issuer(), client.clientId());
        List<String> refused = new ArrayList<>();
        HttpExchange first = null;
        for (AssertionForms.Form f : forms) {
            HttpExchange x = http.send(request(client, endpoint, f, form));
            first = first == null ? x : first;
            if (!AssertionForms.authenticationFailed(x)) {
                AssertionForms.learned(endpoint, client.clientId(), f);
                AUTHENTICATED.add(endpoint + " " + client.clientId());
                if (!refused.isEmpty()) {
                    http.evidence(org.hitcert.model.Evidence.note("client authentication form", "client " + client.clientId()
                            + " at " + endpoint + " needed " + f.describe() + " (refused: " + String.join("; ", refused)
                            + "); later requests use that form"));
                }
                return x;
            }
            refused.add(f.describe() + " → " + x.status() + " " + quote(x));
        }
        http.evidence(org.hitcert.model.Evidence.note("client authentication failed", "client " + client.clientId() + " at "
                + endpoint + " was refused in every form tried: " + String.join("; ", refused)));
        return first;
    }

    /**
     * The positive control of an endpoint that takes client authentication (introspection, revocation): a request for a
     * token the server never issued, authenticated as {@code client} ({@link #send}); empty when the client
     * authenticated (any answer but a failed client authentication: RFC 7009 §2.2 answers 200, RFC 7662 §2.2 active
     * false), else why not, quoting the server's {@code error} and {@code error_description}.
     */
    public Optional<String> authenticatesAt(Http http, Target target, ClientSpec client, URI endpoint) {
        if (AUTHENTICATED.contains(endpoint + " " + client.clientId())) {
            return Optional.empty(); // shown earlier in this JVM (the key holds the endpoint's URL: this candidate)
        }
        HttpExchange x = send(http, target, client, endpoint, "token", "hitcert-never-issued-" + Pkce.random(8));
        if (!AssertionForms.authenticationFailed(x)) {
            return Optional.empty();
        }
        return Optional.of("client " + client.clientId() + " (" + client.authMethod() + ") could not authenticate at "
                + endpoint + ": " + x.status() + " " + quote(x) + (client.authMethod().equals("private_key_jwt")
                ? " in any form tried (aud = token endpoint, issuer, the endpoint; with and without client_id)" : ""));
    }

    /** {@code error "error_description"} of an OAuth error answer, or what stands in for them. */
    static String quote(HttpExchange x) {
        return x.json().map(j -> j.path("error").asText("(no error member)")
                + (j.hasNonNull("error_description") ? " \"" + j.get("error_description").asText() + "\"" : ""))
                .orElse("(no JSON error)");
    }

    private String secret(ClientSpec client) {
        String value = client.secret().flatMap(s -> s.resolve(environment)).orElseThrow(() -> new IllegalStateException(
                "client '" + client.role() + "' has no secret: set " + client.secret().map(Object::toString).orElse("its secret")));
        redactor.register(value, "client secret");
        return value;
    }

    private String assertion(ClientSpec client, URI audience) {
        try {
            String json = client.privateKey().flatMap(s -> s.resolve(environment)).orElseThrow(() -> new IllegalStateException(
                    "client '" + client.role() + "' has no private key: set " + client.privateKey().map(Object::toString).orElse("private-key")));
            redactor.register(json, "private key");
            JWK jwk = PrivateKeys.parse(json);
            JWSAlgorithm alg = ClientAssertions.algFor(jwk);
            JWSSigner signer = new DefaultJWSSignerFactory().createJWSSigner(jwk, alg);
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(client.clientId()).subject(client.clientId())
                    .audience(audience.toString()).expirationTime(Date.from(now.plusSeconds(60)))
                    .issueTime(Date.from(now)).jwtID(Pkce.random(16)).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(jwk.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (IllegalArgumentException | com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException("cannot sign a client assertion for '" + client.role() + "': " + e.getMessage(), e);
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
