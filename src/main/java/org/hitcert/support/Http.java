package org.hitcert.support;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.http.HttpEntity;
import org.apache.http.conn.ssl.SSLSocketFactory;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.DefaultHttpClient;
import org.hitcert.model.Evidence;

/**
 * The suite's HTTP client (REST Assured underneath). Every exchange is checked against the host policy
 * before a socket opens, bounded in time and size, and recorded as redacted evidence in the check's log.
 * Redirects are never followed: checks look at them.
 */
public final class Http {

    /** Evidence keeps the first 64 KiB of a body: enough to show a tester, small enough for the report. */
    private static final int EVIDENCE_BODY_CHARS = 64 * 1024;
    /**
     * HttpClient logs each automatic retry of a GET whose connection got no answer (a plaintext probe of a TLS port)
     * at INFO on the console; the exchange's outcome is the evidence. Held so the level sticks.
     */
    private static final java.util.logging.Logger CLIENT_LOG = java.util.logging.Logger.getLogger("org.apache.http.impl.client");

    static {
        CLIENT_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final RestAssuredConfig config;
    private final org.apache.http.impl.conn.PoolingClientConnectionManager pool;
    private final HostPolicy hosts;
    private final Redactor redactor;
    private final EvidenceLog log;
    private final int maxBodyBytes;
    private final SSLContext tls;
    private final Duration timeout;
    /** Whether a throttled answer ends the check ({@link Throttled}); off in {@link #acceptingThrottles()}. */
    private final boolean throttleEnds;

    public Http(SSLContext tls, HostPolicy hosts, Redactor redactor, Duration timeout, int maxBodyBytes) {
        this(new org.apache.http.impl.conn.PoolingClientConnectionManager[1], tls, hosts, redactor, timeout, maxBodyBytes);
    }

    private Http(org.apache.http.impl.conn.PoolingClientConnectionManager[] pool, SSLContext tls, HostPolicy hosts,
                 Redactor redactor, Duration timeout, int maxBodyBytes) {
        this(configure(tls, timeout, maxBodyBytes, pool), pool[0], hosts, redactor, null, maxBodyBytes, tls, timeout, true);
    }

    private Http(RestAssuredConfig config, org.apache.http.impl.conn.PoolingClientConnectionManager pool, HostPolicy hosts,
                 Redactor redactor, EvidenceLog log, int maxBodyBytes, SSLContext tls, Duration timeout,
                 boolean throttleEnds) {
        this.config = config;
        this.pool = pool;
        this.hosts = hosts;
        this.redactor = redactor;
        this.log = log;
        this.maxBodyBytes = maxBodyBytes;
        this.tls = tls;
        this.timeout = timeout;
        this.throttleEnds = throttleEnds;
    }

    /** The same client, recording into {@code log}. */
    public Http recordingInto(EvidenceLog log) {
        return new Http(config, pool, hosts, redactor, log, maxBodyBytes, tls, timeout, throttleEnds);
    }

    /**
     * The same client, returning throttled answers (429, or 503 with Retry-After) like any other: for code that judges
     * throttling itself or waits it out (the throttling checks, client-assertion probes). Everywhere else such an answer
     * throws {@link Throttled} (DESIGN rule 9): the candidate did not look at the request, so no verdict may rest on it.
     */
    public Http acceptingThrottles() {
        return new Http(config, pool, hosts, redactor, log, maxBodyBytes, tls, timeout, false);
    }

    /** A throttle's answer: 429 (RFC 6585 §4), or 503 with a Retry-After (RFC 9110 §15.6.4, §10.2.3). */
    public static boolean throttled(HttpExchange x) {
        return x.status() == 429 || (x.status() == 503 && x.header("Retry-After").isPresent());
    }

    /** A TLS probe under the same host policy and time-out, recording into the same log. */
    public TlsProbe tlsProbe() {
        return new TlsProbe(hosts, (int) timeout.toMillis(), log);
    }

    /** Hand-written ClientHellos (DEFLATE, TLS_FALLBACK_SCSV) and the ServerHello's extensions as sent. */
    public TlsHello tlsHello() {
        return new TlsHello(hosts, (int) timeout.toMillis(), log);
    }

    /**
     * The certificate chain {@code uri}'s server presents, validated against the run's trust anchors with the host name
     * checked (RFC 9110 §4.3.4, RFC 6125); throws {@link java.io.IOException} when it is not valid.
     */
    public java.util.List<java.security.cert.X509Certificate> validatedChain(java.net.URI uri) throws java.io.IOException {
        hosts.require(uri);
        return Tls.serverChain(tls, uri, (int) timeout.toMillis());
    }

    /** Closes sockets whose exchange outlived its deadline; shared by every client, daemon threads. */
    private static final java.util.concurrent.ScheduledExecutorService DEADLINES =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hitcert-http-deadline");
                t.setDaemon(true);
                return t;
            });

    /** Idle pooled connections older than this are closed before a request, so a server's keep-alive expiry never bites. */
    private static final long IDLE_MILLIS = 4000;

    /**
     * One connection pool per run (per {@link Http} built by the public constructor), shared by every check: each
     * request still gets its own light {@link DefaultHttpClient} (own cookies, interceptors and parameters, as
     * REST Assured changes those per request) over the shared pool, so only TCP/TLS connections are reused.
     */
    @SuppressWarnings("deprecation")
    private static RestAssuredConfig configure(SSLContext tls, Duration timeout, int maxBodyBytes,
                                               org.apache.http.impl.conn.PoolingClientConnectionManager[] poolOut) {
        int millis = (int) timeout.toMillis();
        // a whole exchange (connect, head, body) gets twice the per-read time-out, then its socket is closed
        DeadlineSockets deadlines = new DeadlineSockets(DEADLINES, timeout.multipliedBy(2));
        DeadlineSockets.Tls https = deadlines.new Tls(tls, SSLSocketFactory.STRICT_HOSTNAME_VERIFIER);
        org.apache.http.conn.scheme.SchemeRegistry schemes = new org.apache.http.conn.scheme.SchemeRegistry();
        schemes.register(new org.apache.http.conn.scheme.Scheme("http", 80, deadlines.new Plain()));
        schemes.register(new org.apache.http.conn.scheme.Scheme("https", 443, https));
        org.apache.http.impl.conn.PoolingClientConnectionManager pool = new org.apache.http.impl.conn.PoolingClientConnectionManager(schemes);
        pool.setMaxTotal(64);
        pool.setDefaultMaxPerRoute(32);
        poolOut[0] = pool;
        HttpClientConfig clients = HttpClientConfig.httpClientConfig()
                .setParam("http.connection.timeout", millis)
                .setParam("http.socket.timeout", millis)
                .setParam("http.connection-manager.timeout", (long) millis)
                .httpClientFactory(() -> {
                    pool.closeIdleConnections(IDLE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                    DefaultHttpClient client = new DefaultHttpClient(pool);
                    client.addRequestInterceptor((request, context) -> deadlines.startExchange(context));
                    client.addResponseInterceptor((response, context) -> {
                        try {
                            if (response.getEntity() != null) {
                                response.setEntity(capped(response, maxBodyBytes, context));
                            }
                        } finally {
                            DeadlineSockets.endExchange(context);
                        }
                    });
                    return client;
                });
        return RestAssuredConfig.config()
                .sslConfig(SSLConfig.sslConfig().sslSocketFactory(https))
                .redirect(RedirectConfig.redirectConfig().followRedirects(false))
                .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false))
                .httpClient(clients);
    }

    /** Closes the run's pooled connections. */
    public void close() {
        if (pool != null && log == null) {
            pool.shutdown();
        }
    }

    /**
     * What the response interceptor decoded for the exchange under way on this thread (REST Assured executes a request on
     * the caller's thread): {@link #send} reads it for the evidence and the size cap.
     */
    private static final ThreadLocal<ContentDecoding.Decoded> DECODED = new ThreadLocal<>();

    /**
     * Reads at most {@code max + 1} bytes, so an endless or huge body cannot exhaust memory; a body with a content coding
     * the suite's Accept-Encoding allows (gzip, deflate) is decoded here, under the same cap. REST Assured's own decoder
     * never sees it: it looks at the entity's encoding, and the entity built here has none.
     */
    private static HttpEntity capped(org.apache.http.HttpResponse response, int max, org.apache.http.protocol.HttpContext context)
            throws IOException {
        HttpEntity entity = response.getEntity();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = entity.getContent();
        try {
            ContentDecoding.readAtMost(in, max, out);
        } finally {
            DeadlineSockets.endExchange(context); // before the connection can go back to the pool
            if (out.size() > max && in instanceof org.apache.http.conn.ConnectionReleaseTrigger release) {
                release.abortConnection(); // closing would read the rest of a huge body to reuse the connection
            } else {
                in.close();
            }
        }
        ContentType type = ContentType.get(entity);
        org.apache.http.Header coding = response.getFirstHeader("Content-Encoding");
        java.util.Optional<String> encoding = ContentDecoding.supported(coding == null ? null : coding.getValue());
        if (encoding.isEmpty()) {
            return new ByteArrayEntity(out.toByteArray(), type);
        }
        byte[] wire = out.toByteArray();
        boolean wireCut = wire.length > max;
        ContentDecoding.Decoded decoded = ContentDecoding.decode(encoding.get(),
                wireCut ? java.util.Arrays.copyOf(wire, max) : wire, wireCut, max);
        DECODED.set(decoded);
        // one byte past the cap keeps send()'s "truncated" test true for a body over the cap after decoding
        byte[] body = decoded.over() ? java.util.Arrays.copyOf(decoded.body(), max + 1) : decoded.body();
        return new ByteArrayEntity(body, type);
    }

    /**
     * Masks {@code value} wherever it appears in evidence from now on: a secret the candidate handed out (a dynamically
     * registered client's secret or registration access token).
     */
    public void registerSecret(String value, String label) {
        redactor.register(value, label);
    }

    /** Adds {@code evidence} to the log this client records into, if any. */
    public void evidence(org.hitcert.model.Evidence evidence) {
        if (log != null) {
            log.add(evidence);
        }
    }

    /** Throws when {@code uri}'s host is not in the candidate's allowed hosts (for the browser, before it goes there). */
    public void requireAllowed(java.net.URI uri) {
        hosts.require(uri);
    }

    public HttpExchange get(java.net.URI uri, String... headerNameValues) {
        HttpRequestSpec spec = HttpRequestSpec.get(uri);
        for (int i = 0; i + 1 < headerNameValues.length; i += 2) {
            spec = spec.withHeader(headerNameValues[i], headerNameValues[i + 1]);
        }
        return send(spec);
    }

    /**
     * Sends {@code request} and returns the candidate's answer. A refused host, a time-out or a broken
     * connection throws {@link HttpFailure} after recording what happened.
     */
    public HttpExchange send(HttpRequestSpec request) {
        hosts.require(request.uri());
        long start = System.nanoTime();
        try {
            RequestSpecification spec = RestAssured.given().config(config).urlEncodingEnabled(false);
            request.headers().forEach(spec::header);
            if (request.body() != null) {
                spec.body(request.body());
            }
            DECODED.remove();
            Response response = spec.request(request.method(), request.uri());
            byte[] bytes = response.asByteArray();
            ContentDecoding.Decoded decoded = DECODED.get();
            DECODED.remove();
            boolean truncated = bytes.length > maxBodyBytes;
            String body = new String(bytes, 0, Math.min(bytes.length, maxBodyBytes), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            response.getHeaders().forEach(h -> headers.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue()));
            HttpExchange exchange = new HttpExchange(request, response.getStatusCode(), headers, body, truncated,
                    Duration.ofNanos(System.nanoTime() - start));
            record(exchange, null, decoded == null ? null : decoded.summary(maxBodyBytes));
            if (decoded != null && decoded.over()) {
                // a small compressed body that expands past the cap: the check gets the cause, not a cut document
                throw new HttpFailure(request.method() + " " + request.uri() + " failed: " + decoded.summary(maxBodyBytes), null);
            }
            if (throttleEnds && throttled(exchange)) {
                throw new Throttled(exchange.status() + exchange.header("Retry-After").map(r -> " (Retry-After: "
                        + redactor.scrub(r) + ")").orElse("") + " from " + request.method() + " "
                        + redactor.scrub(request.uri().toString()));
            }
            return exchange;
        } catch (HttpFailure | Throttled e) {
            throw e;
        } catch (Exception e) { // REST Assured rethrows checked I/O exceptions undeclared
            DECODED.remove();
            String what = describe(e);
            record(new HttpExchange(request, 0, Map.of(), null, false, Duration.ofNanos(System.nanoTime() - start)), what, null);
            throw new HttpFailure(request.method() + " " + request.uri() + " failed: " + what, e);
        }
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String name = root.getClass().getSimpleName();
        return root.getMessage() == null ? name : name + ": " + root.getMessage();
    }

    /** {@code decoding}: how a body sent with a content coding was decoded (null when it had none). */
    private void record(HttpExchange x, String error, String decoding) {
        if (log == null) {
            return;
        }
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("method", x.request().method());
        req.put("url", redactor.scrub(x.request().uri().toString()));
        req.put("headers", scrubHeaders(x.request().headers()));
        if (x.request().body() != null) {
            req.put("body", redactor.scrub(x.request().body()));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("request", req);
        if (error != null) {
            details.put("error", redactor.scrub(error));
        } else {
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("status", x.status());
            Map<String, String> flat = new LinkedHashMap<>();
            x.headers().forEach((k, v) -> flat.put(k, String.join(", ", v)));
            res.put("headers", scrubHeaders(flat));
            String body = x.body() == null ? null : x.body().length() > EVIDENCE_BODY_CHARS
                    ? x.body().substring(0, EVIDENCE_BODY_CHARS) : x.body();
            res.put("body", redactor.scrub(body));
            res.put("truncated", x.truncated() || body != null && body.length() < x.body().length());
            if (decoding != null) {
                res.put("decoded", decoding);
            }
            details.put("response", res);
        }
        details.put("elapsedMs", x.elapsed().toMillis());
        String title = x.request().method() + " " + redactor.scrub(x.request().uri().toString())
                + (error == null ? " → " + x.status() : " → no response");
        log.add(new Evidence("http", title, details));
    }

    private Map<String, String> scrubHeaders(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, k.equalsIgnoreCase("Cookie") || k.equalsIgnoreCase("Set-Cookie")
                ? maskCookies(v) : k.equalsIgnoreCase("Authorization") || k.equalsIgnoreCase("Proxy-Authorization")
                ? maskCredentials(v) : redactor.scrub(v)));
        return out;
    }

    /** An Authorization header keeps its scheme; whatever follows is a credential, however short. */
    private static String maskCredentials(String v) {
        int space = v.indexOf(' ');
        return space < 0 ? Redactor.mask("credential", v) : v.substring(0, space + 1) + Redactor.mask("credential", v.substring(space + 1).strip());
    }

    private static String maskCookies(String v) {
        return v.replaceAll("(?<==)[^;,\\s]+", "«cookie»");
    }

    /**
     * The candidate throttled the suite (429, or 503 with Retry-After): what it answered says nothing about the request, so
     * the check ends INCONCLUSIVE (an abort) rather than judging a refusal it did not see.
     */
    public static final class Throttled extends org.opentest4j.TestAbortedException {
        private static final long serialVersionUID = 1L;

        /** @param answer what the throttle said and to which request: {@code 429 (Retry-After: 60) from GET https://...} */
        public Throttled(String answer) {
            super("the candidate throttled the suite: " + answer + "; a throttled answer shows nothing about the request, "
                    + "so no verdict rests on it: run the check again when the candidate no longer throttles the suite's "
                    + "address (or exempt it)");
        }
    }

    /** The candidate could not be reached or did not answer in time. */
    public static final class HttpFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public HttpFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
