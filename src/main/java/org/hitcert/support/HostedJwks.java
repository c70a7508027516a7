package org.hitcert.support;

import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client's JWKS that the suite serves itself at a fixed place on its callback server, so that a candidate can register
 * a client by {@code jwks_uri} and the suite can rotate that client's keys (SMART asymmetric client authentication: a
 * server caches a client's JWKS no longer than its Cache-Control allows). The URL is
 * {@code <callback origin>/hitcert-client-jwks/<client_id>.json} ({@link #uriFor}); the document is served with
 * {@code Cache-Control: max-age=0}, public keys only. Counts the fetches. Close it to stop serving.
 */
public final class HostedJwks implements AutoCloseable {

    static final String PREFIX = "/hitcert-client-jwks/";

    private final CallbackServer server;
    private final String path;
    private final URI uri;
    private final AtomicInteger fetches = new AtomicInteger();
    /**
     * Fetches by URL over this JVM's life, whichever instance served them: the proof that a candidate reaches the suite's
     * host and reads a client's keys from it (DESIGN rule 8), also when an earlier check of the run saw the fetch.
     */
    private static final java.util.Map<URI, AtomicInteger> FETCHED = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile byte[] body;

    HostedJwks(CallbackServer server, String path, URI uri, JWKSet keys) {
        this.server = server;
        this.path = path;
        this.uri = uri;
        replace(keys);
    }

    /** Where the suite serves the JWKS of {@code clientId} for a run whose callback is {@code callback}. */
    public static URI uriFor(URI callback, String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        String safe = clientId.replaceAll("[^A-Za-z0-9._-]", "_");
        return URI.create(callback.getScheme() + "://" + callback.getHost() + ":" + callback.getPort() + PREFIX + safe + ".json");
    }

    /**
     * Starts serving {@code keys} (public parts only) as the JWKS of {@code clientId} on the callback server listening at
     * {@code callback}; empty when no callback server of this JVM listens there.
     */
    public static java.util.Optional<HostedJwks> serve(URI callback, String clientId, JWKSet keys) {
        URI uri = uriFor(callback, clientId);
        return CallbackServer.listeningAt(callback).map(s -> s.host(uri.getPath(), uri, keys));
    }

    public URI uri() {
        return uri;
    }

    /** Replaces the served keys (public parts only). */
    public void replace(JWKSet keys) {
        body = keys.toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
    }

    public int fetches() {
        return fetches.get();
    }

    /** How often the candidate fetched {@code uri} from this JVM's callback server so far (any check, any instance). */
    public static int fetchesEver(URI uri) {
        AtomicInteger n = FETCHED.get(uri);
        return n == null ? 0 : n.get();
    }

    byte[] fetch() {
        fetches.incrementAndGet();
        FETCHED.computeIfAbsent(uri, u -> new AtomicInteger()).incrementAndGet();
        return body;
    }

    String path() {
        return path;
    }

    @Override
    public void close() {
        server.unhost(this);
    }
}
