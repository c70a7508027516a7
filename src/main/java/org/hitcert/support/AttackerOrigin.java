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
 * {@code https://127.0.0.1:PORT}, or {@code https://localhost:PORT} when the candidate itself lives on 127.0.0.1
 * (a port does not make a site: an attacker on the candidate's own host would be same-site, and SameSite cookies
 * would not be put to the test), with the suite's loopback certificate, which the browser
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

    /**
     * The loopback host name the attacker uses against a candidate on {@code candidateHosts}: one of them would
     * make the attacker same-site (schemeful same-site ignores ports), so the first loopback name they lack.
     */
    public static Optional<String> crossSiteHost(java.util.Collection<String> candidateHosts) {
        java.util.Set<String> taken = new java.util.HashSet<>();
        candidateHosts.forEach(h -> taken.add(h.toLowerCase(java.util.Locale.ROOT)));
        return java.util.stream.Stream.of("127.0.0.1", "localhost").filter(h -> !taken.contains(h)).findFirst();
    }

    /** The hosts of a target's issuer, FHIR base and endpoints. */
    public static java.util.Set<String> hostsOf(Target target) {
        java.util.Set<String> hosts = new java.util.TreeSet<>();
        hosts.add(target.issuer().getHost());
        target.fhirBase().ifPresent(u -> hosts.add(u.getHost()));
        target.endpoints().values().forEach(u -> hosts.add(u.getHost()));
        return hosts;
    }

    /**
     * Listens on a free loopback port under a host name cross-site to {@code target}, with {@code tls}'s certificate
     * (the one the browser trusts; it names both localhost and 127.0.0.1).
     *
     * @throws IllegalStateException when the candidate uses both loopback names, so no cross-site loopback origin exists
     */
    public static AttackerOrigin startCrossSite(LoopbackTls tls, Target target) throws IOException {
        String host = crossSiteHost(hostsOf(target)).orElseThrow(() -> new IllegalStateException(
                "the candidate uses both 127.0.0.1 and localhost, so the suite has no loopback origin cross-site to it"));
        return start(tls, host);
    }

    /** Listens on 127.0.0.1, a free port, with {@code tls}'s certificate (the one the browser trusts). */
    public static AttackerOrigin start(LoopbackTls tls) throws IOException {
        return start(tls, "127.0.0.1");
    }

    private static AttackerOrigin start(LoopbackTls tls, String host) throws IOException {
        HttpsServer server = LoopbackServers.https(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.context()));
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "hitcert-attacker-origin");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        AttackerOrigin attacker = new AttackerOrigin(server, executor,
                "https://" + host + ":" + server.getAddress().getPort());
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

    /** {@code https://HOST:PORT}, as browsers send it in the Origin header. */
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
