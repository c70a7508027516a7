package org.hitcert.support;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWKS the suite serves itself on loopback (http://127.0.0.1:PORT/hitcert-jwks/RANDOM/jwks.json), to learn whether a
 * candidate fetches a URL an assertion names (jku) and to host a client's keys. Counts the fetches. Only public keys
 * are served. Bound to 127.0.0.1 only; close it when done.
 */
public final class LoopbackJwks implements AutoCloseable {

    private final HttpServer server;
    private final URI uri;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile String body;

    private LoopbackJwks(HttpServer server, URI uri, JWKSet keys) {
        this.server = server;
        this.uri = uri;
        this.body = keys.toPublicJWKSet().toString();
    }

    public static LoopbackJwks serve(JWKSet keys) {
        try {
            HttpServer server = LoopbackServers.http(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 8);
            String path = "/hitcert-jwks/" + Pkce.random(12) + "/jwks.json";
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
            LoopbackJwks jwks = new LoopbackJwks(server, uri, keys);
            server.createContext(path, ex -> {
                try (ex) {
                    jwks.fetches.incrementAndGet();
                    byte[] b = jwks.body.getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "application/json");
                    ex.getResponseHeaders().set("Cache-Control", "max-age=0");
                    ex.sendResponseHeaders(200, b.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(b);
                    }
                }
            });
            server.start();
            return jwks;
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve a JWKS on loopback: " + e.getMessage(), e);
        }
    }

    public URI uri() {
        return uri;
    }

    /** Replaces the served keys (public parts only). */
    public void replace(JWKSet keys) {
        body = keys.toPublicJWKSet().toString();
    }

    public int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
