package org.hitcert.bench;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.hitcert.reference.Flaw;
import org.hitcert.reference.ReferenceCandidate;
import org.hitcert.reference.ReferenceOptions;
import org.hitcert.support.HostPolicy;
import org.hitcert.support.Http;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Redactor;
import org.hitcert.support.Tls;

/**
 * Requests per second through the suite's {@link Http} against the reference's discovery document, with pooled
 * connections and with a fresh connection per request ({@code Connection: close}, as before pooling).
 * {@code java -cp ... org.hitcert.bench.HttpReuseBench [requests] [threads]}
 */
public final class HttpReuseBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        try (ReferenceCandidate ref = ReferenceCandidate.start(new ReferenceOptions(EnumSet.noneOf(Flaw.class),
                URI.create("https://127.0.0.1:1/callback"), 0))) {
            Http http = new Http(Tls.trusting(ref.trustAnchors()), new HostPolicy(List.of(ref.issuer().getHost())),
                    new Redactor(), Duration.ofSeconds(15), 2 * 1024 * 1024);
            URI uri = URI.create(ref.issuer() + "/.well-known/openid-configuration");
            for (int round = 0; round < 2; round++) {
                for (boolean fresh : new boolean[] {true, false}) {
                    System.out.printf("%-8s %s%n", fresh ? "fresh" : "pooled", run(http, uri, n, threads, fresh));
                }
            }
            http.close();
        }
    }

    private static String run(Http http, URI uri, int n, int threads, boolean fresh) throws Exception {
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> all = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(pool.submit(() -> {
                HttpRequestSpec spec = HttpRequestSpec.get(uri);
                if (fresh) {
                    spec = spec.withHeader("Connection", "close");
                }
                try {
                    HttpExchange x = http.send(spec);
                    if (x.status() != 200) {
                        failures.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : all) {
            f.get();
        }
        double s = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return String.format("%d requests, %d threads: %.2f s, %.1f req/s, %.1f ms/request, %d failed", n, threads, s, n / s,
                s * 1000 / n * threads, failures.get());
    }
}
