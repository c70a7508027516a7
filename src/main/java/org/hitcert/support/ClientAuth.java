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

    /** A POST of {@code form} (name/value pairs) to {@code tokenEndpoint}, authenticated as {@code client}. */
    public HttpRequestSpec tokenRequest(ClientSpec client, URI tokenEndpoint, String... form) {
        List<String> params = new ArrayList<>(List.of(form));
        String basic = null;
        switch (client.authMethod()) {
            case "client_secret_basic" -> basic = "Basic " + Base64.getEncoder().encodeToString(
                    (enc(client.clientId()) + ":" + enc(secret(client))).getBytes(StandardCharsets.UTF_8));
            case "client_secret_post" -> params.addAll(List.of("client_id", client.clientId(), "client_secret", secret(client)));
            case "private_key_jwt" -> params.addAll(List.of(
                    "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    "client_assertion", assertion(client, tokenEndpoint)));
            default -> params.addAll(List.of("client_id", client.clientId()));
        }
        HttpRequestSpec spec = HttpRequestSpec.postForm(tokenEndpoint, params.toArray(String[]::new));
        return basic == null ? spec : spec.withHeader("Authorization", basic);
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
            JWK jwk = JWK.parse(json);
            JWSAlgorithm alg = ClientAssertions.algFor(jwk);
            JWSSigner signer = new DefaultJWSSignerFactory().createJWSSigner(jwk, alg);
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(client.clientId()).subject(client.clientId())
                    .audience(audience.toString()).expirationTime(Date.from(now.plusSeconds(60)))
                    .issueTime(Date.from(now)).jwtID(Pkce.random(16)).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(jwk.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException("cannot sign a client assertion for '" + client.role() + "': " + e.getMessage(), e);
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
