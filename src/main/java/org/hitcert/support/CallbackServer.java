package org.hitcert.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The client's redirect endpoint, run by the suite on loopback. It records every request's query and
 * answers with a plain page; flows find their own response by its {@code state}.
 */
public final class CallbackServer implements AutoCloseable {

    private static final int MAX_PENDING = 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI uri;
    private final Map<String, BlockingQueue<String>> byState = new ConcurrentHashMap<>();
    /** The callback servers of this JVM by port, so that a check can host a client's JWKS on its run's callback. */
    private static final Map<Integer, CallbackServer> LISTENING = new ConcurrentHashMap<>();
    private final Map<String, HostedJwks> hosted = new ConcurrentHashMap<>();

    private CallbackServer(HttpServer server, ExecutorService executor, URI uri) {
        this.server = server;
        this.executor = executor;
        this.uri = uri;
    }

    /**
     * Listens at {@code callback} (a loopback URL; port 0 picks a free port) on 127.0.0.1 only; an https
     * callback is served with {@code tls}'s certificate.
     */
    public static CallbackServer start(URI callback, LoopbackTls tls) throws IOException {
        String path = callback.getPath() == null || callback.getPath().isEmpty() ? "/" : callback.getPath();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), Math.max(callback.getPort(), 0));
        HttpServer server;
        if ("https".equalsIgnoreCase(callback.getScheme())) {
            com.sun.net.httpserver.HttpsServer https = LoopbackServers.https(address, 16);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls.context()));
            server = https;
        } else {
            server = LoopbackServers.http(address, 16);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "hitcert-callback");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        URI actual = URI.create(callback.getScheme().toLowerCase() + "://" + callback.getHost() + ":" + server.getAddress().getPort() + path);
        CallbackServer cb = new CallbackServer(server, executor, actual);
        server.createContext("/", exchange -> {
            HostedJwks jwks = cb.hosted.get(exchange.getRequestURI().getPath());
            if (jwks != null) {
                byte[] doc = jwks.fetch();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("Cache-Control", "max-age=0");
                exchange.sendResponseHeaders(200, doc.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(doc);
                }
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            cb.received(query == null ? "" : query);
            byte[] page = "<!doctype html><title>hitcert callback</title><p>hitcert received the redirect.</p>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        server.start();
        LISTENING.put(server.getAddress().getPort(), cb);
        return cb;
    }

    /** The callback server of this JVM that listens at {@code callback}'s port, if any. */
    static Optional<CallbackServer> listeningAt(URI callback) {
        return Optional.ofNullable(LISTENING.get(callback.getPort())).filter(s -> s.uri.getPort() == callback.getPort());
    }

    HostedJwks host(String path, URI uri, com.nimbusds.jose.jwk.JWKSet keys) {
        HostedJwks jwks = new HostedJwks(this, path, uri, keys);
        hosted.put(path, jwks);
        return jwks;
    }

    void unhost(HostedJwks jwks) {
        hosted.remove(jwks.path(), jwks);
    }

    public URI uri() {
        return uri;
    }

    private void received(String rawQuery) {
        String state = HttpRequestSpec.parseQuery(rawQuery).getOrDefault("state", "");
        if (byState.size() < MAX_PENDING || byState.containsKey(state)) {
            byState.computeIfAbsent(state, k -> new ArrayBlockingQueue<>(16)).offer(rawQuery);
        }
    }

    /** The raw query of the next redirect carrying {@code state} (use "" for responses without state). */
    public Optional<String> await(String state, Duration timeout) throws InterruptedException {
        BlockingQueue<String> q = byState.computeIfAbsent(state, k -> new ArrayBlockingQueue<>(16));
        return Optional.ofNullable(q.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** A redirect already received with {@code state}, without waiting. */
    public Optional<String> poll(String state) {
        BlockingQueue<String> q = byState.get(state);
        return q == null ? Optional.empty() : Optional.ofNullable(q.poll());
    }

    @Override
    public void close() {
        LISTENING.remove(uri.getPort(), this);
        server.stop(0);
        executor.shutdownNow();
    }
}
