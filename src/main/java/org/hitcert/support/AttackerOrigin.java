package org.hitcert.support;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile web origin the suite serves itself, for cross-site checks run in the real browser: pages on
 * {@code https://127.0.0.1:PORT} (an IP literal, so cross-site to any candidate named by a host name, and
 * reachable through the browser's host rules) with the suite's loopback certificate, which the browser
 * already trusts. It serves the pages a check puts there and records every request it receives (path,
 * query, Referer, Origin), so that checks can see what reached the attacker. It sends no traffic itself.
 */
public final class AttackerOrigin implements AutoCloseable {

    private static final int MAX_HITS = 512;

    private final HttpsServer server;
    private final ExecutorService executor;
    private final String origin;
    private final Map<String, String> pages = new ConcurrentHashMap<>();
    private final List<Hit> hits = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    /** One request the attacker origin received. */
    public record Hit(String method, String path, String rawQuery, Optional<String> referer, Optional<String> origin) {
    }

    private AttackerOrigin(HttpsServer server, ExecutorService executor, String origin) {
        this.server = server;
        this.executor = executor;
        this.origin = origin;
    }

    /** Listens on 127.0.0.1, a free port, with {@code tls}'s certificate (the one the browser trusts). */
    public static AttackerOrigin start(LoopbackTls tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.context()));
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "hitcert-attacker-origin");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        AttackerOrigin attacker = new AttackerOrigin(server, executor,
                "https://127.0.0.1:" + server.getAddress().getPort());
        server.createContext("/", attacker::handle);
        server.start();
        return attacker;
    }

    private void handle(com.sun.net.httpserver.HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            synchronized (hits) {
                if (hits.size() < MAX_HITS) {
                    hits.add(new Hit(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(),
                            Optional.ofNullable(ex.getRequestHeaders().getFirst("Referer")),
                            Optional.ofNullable(ex.getRequestHeaders().getFirst("Origin"))));
                }
            }
            String page = pages.getOrDefault(path, "<!doctype html><title>hitcert attacker origin</title><p>attacker page</p>");
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** {@code https://127.0.0.1:PORT}, as browsers send it in the Origin header. */
    public String origin() {
        return origin;
    }

    /** Serves {@code html} at a fresh path and returns its URL. */
    public URI page(String html) {
        String path = "/page/" + next.incrementAndGet();
        pages.put(path, html);
        return URI.create(origin + path);
    }

    /** A URL on the attacker origin that only records its visitors (a landing page for open-redirect probes). */
    public URI landing(String label) {
        return URI.create(origin + "/landing/" + label.replaceAll("[^A-Za-z0-9_-]", "_"));
    }

    /** Every request received so far, in order. */
    public List<Hit> hits() {
        synchronized (hits) {
            return List.copyOf(hits);
        }
    }

    /** The requests received so far whose path starts with {@code prefix}. */
    public List<Hit> hits(String prefix) {
        return hits().stream().filter(h -> h.path().startsWith(prefix)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
