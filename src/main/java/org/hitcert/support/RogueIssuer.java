package org.hitcert.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An authorization server the suite runs itself, on loopback, with its own RSA key: it publishes discovery and a JWKS
 * (so that a resource server that trusts any issuer's published keys can be caught) and mints access tokens. Its tokens
 * must never be accepted by a candidate.
 */
public final class RogueIssuer implements AutoCloseable {

    private final HttpServer server;
    private final RSAKey key;
    private final URI issuer;

    private RogueIssuer(HttpServer server, RSAKey key, URI issuer) {
        this.server = server;
        this.key = key;
        this.issuer = issuer;
    }

    public static RogueIssuer start() throws Exception {
        RSAKey key = new RSAKey.Builder(UntrustedKeys.rsa(UntrustedKeys.Purpose.ROGUE_ISSUER,
                "hitcert-rogue-" + Long.toHexString(System.nanoTime()))).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                .build();
        HttpServer server = LoopbackServers.http(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        URI issuer = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        String discovery = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\"}";
        String jwks = new JWKSet(key.toPublicJWK()).toString();
        server.createContext("/.well-known/openid-configuration", ex -> reply(ex, discovery));
        server.createContext("/jwks", ex -> reply(ex, jwks));
        server.start();
        return new RogueIssuer(server, key, issuer);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, String json) throws IOException {
        try (ex) {
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }

    /** {@code http://127.0.0.1:PORT}, no trailing slash. */
    public URI issuer() {
        return issuer;
    }

    /** An RS256 JWT (typ at+jwt) over {@code claims}, signed with the rogue key. */
    public String mint(Map<String, Object> claims) throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), new Payload(claims));
        jws.sign(new RSASSASigner(key));
        return jws.serialize();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
