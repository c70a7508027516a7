package org.hitcert.reference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.hitcert.model.Candidate;
import org.hitcert.model.Location;
import org.hitcert.model.SecretRef;
import org.hitcert.support.LoopbackServers;

/**
 * The reference candidate: an OAuth 2.0 / OpenID Connect / SMART App Launch authorization server and a small FHIR R4
 * resource server, served over HTTPS on 127.0.0.1 with a CA generated at start. Correct by default; each
 * {@link Flaw} turned on in {@link ReferenceOptions#flaws()} breaks one behaviour on purpose.
 *
 * <p>Endpoints under {@link #issuer()}: {@code /.well-known/openid-configuration},
 * {@code /.well-known/oauth-authorization-server}, {@code /authorize}, {@code /login}, {@code /consent},
 * {@code /token}, {@code /jwks}, {@code /userinfo}, {@code /introspect}, {@code /revoke}; FHIR under {@link #fhirBase()}:
 * {@code metadata}, {@code .well-known/smart-configuration}, {@code Patient}, {@code Observation}.
 */
public final class ReferenceCandidate implements AutoCloseable {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final String[] CIPHER_SUITES = {
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"};
    private static final Location LOCATION = Location.builtIn("reference");

    private final List<HttpServer> servers;
    private final AutoCloseable front;
    private final ThreadPoolExecutor executor;
    private final URI issuer;
    private final URI fhirBase;
    private final X509Certificate ca;
    private final List<Candidate.ClientSpec> clientSpecs;
    private final List<Candidate.UserSpec> userSpecs;
    private final Set<Flaw> flaws;

    private ReferenceCandidate(List<HttpServer> servers, AutoCloseable front, ThreadPoolExecutor executor, URI issuer, URI fhirBase,
                               X509Certificate ca, List<Candidate.ClientSpec> clients, List<Candidate.UserSpec> users,
                               Set<Flaw> flaws) {
        this.servers = List.copyOf(servers);
        this.front = front;
        this.executor = executor;
        this.issuer = issuer;
        this.fhirBase = fhirBase;
        this.ca = ca;
        this.clientSpecs = List.copyOf(clients);
        this.userSpecs = List.copyOf(users);
        this.flaws = flaws;
    }

    /** Generates keys and certificates, binds 127.0.0.1:{@code options.port()} and starts serving. */
    public static ReferenceCandidate start(ReferenceOptions options) throws Exception {
        return start(options, null);
    }

    /** The server's signing key and the backend client's key, made fresh for each start unless a test passes them. */
    record Keys(RSAKey signing, RSAKey backend) {
        static Keys generate() throws Exception {
            SecureRandom random = new SecureRandom();
            return new Keys(rsaKey(JWSAlgorithm.RS256, random), rsaKey(JWSAlgorithm.RS384, random));
        }
    }

    /** For the suite's own tests, which start many servers: {@code keys} null generates them. */
    static ReferenceCandidate start(ReferenceOptions options, Keys keys) throws Exception {
        SecureRandom random = new SecureRandom();
        // RSA key generation dominates start-up: run both beside the CA/TLS work (2+ cores)
        FutureTask<RSAKey> signingKeyFuture = keys != null ? done(keys.signing())
                : background(() -> rsaKey(JWSAlgorithm.RS256, random), "signing-key");
        FutureTask<RSAKey> backendKeyFuture = keys != null ? done(keys.backend())
                : background(() -> rsaKey(JWSAlgorithm.RS384, random), "backend-key");
        FutureTask<RSAKey> jwksUriKeyFuture = background(() -> rsaKey(JWSAlgorithm.RS384, random), "jwks-uri-key");
        FutureTask<FhirData> dataFuture = background(FhirData::load, "fhir-data");
        Pki pki = Pki.generate(random);
        Set<Flaw> tlsFlaws = options.flaws();
        boolean legacy = tlsFlaws.contains(Flaw.TLS10_ENABLED) || tlsFlaws.contains(Flaw.WEAK_CIPHER_ENABLED);
        List<String> protocols = new ArrayList<>(List.of(PROTOCOLS));
        List<String> suites = new ArrayList<>(List.of(CIPHER_SUITES));
        if (tlsFlaws.contains(Flaw.TLS10_ENABLED)) {
            protocols.add("TLSv1");
            suites.add(Pki.TLS10_SUITE);
        }
        if (tlsFlaws.contains(Flaw.WEAK_CIPHER_ENABLED)) {
            suites.add(Pki.WEAK_SUITE);
        }
        // Java's provider refuses TLS 1.0 and NULL suites whatever it is asked: the flawed servers use BouncyCastle's
        HttpsConfigurator tls = new HttpsConfigurator(legacy ? pki.legacyContext(random) : pki.sslContext) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setProtocols(protocols.toArray(String[]::new));
                p.setCipherSuites(suites.toArray(String[]::new));
                p.setUseCipherSuitesOrder(true);
                alpn(p, tlsFlaws);
                params.setSSLParameters(p);
            }
        };
        boolean unified = tlsFlaws.contains(Flaw.PLAINTEXT_PORT_UNIFICATION);
        List<HttpServer> servers = new ArrayList<>(bindLoopback(unified ? 0 : options.port(), tls));
        PortUnification front = unified ? unifiedFront(options.port(), servers) : null;
        int port = front != null ? front.port() : servers.get(0).getAddress().getPort();
        String issuer = "https://localhost:" + port;
        String fhirBase = issuer + "/fhir";
        List<HttpsServer> fhirServers = flawedCertificateListener(pki, tlsFlaws, random);
        if (!fhirServers.isEmpty()) {
            fhirBase = "https://localhost:" + fhirServers.get(0).getAddress().getPort() + "/fhir";
            servers.addAll(fhirServers);
        }

        RSAKey signingKey = signingKeyFuture.get();
        RSAKey backendKey = backendKeyFuture.get();
        Registry registry = new Registry();
        Tokens tokens = new Tokens(random, Clock.systemUTC(), signingKey, issuer, fhirBase, registry);
        if (options.flaws().contains(Flaw.ACCESS_TOKEN_LONG_LIVED)) {
            tokens.userAccessTokenSeconds = 24 * 3600;
        }
        List<URI> callback = List.of(options.callback());
        String userScope = "openid fhirUser launch/patient patient/*.rs offline_access";
        Set<String> userAllowed = new LinkedHashSet<>(List.of(userScope.split(" ")));
        userAllowed.add("online_access");
        Set<String> codeGrants = Set.of("authorization_code", "refresh_token");
        String confidentialSecret = tokens.opaque();
        registry.clients.add(new Registry.Client("public", "reference-public", Registry.AuthMethod.NONE, null, null,
                callback, codeGrants, List.of(userScope.split(" ")), userAllowed));
        registry.clients.add(new Registry.Client("confidential", "reference-confidential",
                Registry.AuthMethod.CLIENT_SECRET_BASIC, confidentialSecret, null, callback, codeGrants,
                List.of(userScope.split(" ")), userAllowed));
        // the backend client has the callback on file, as many servers keep redirect URIs for every client: the grant type
        // alone must keep it out of the authorization endpoint (HEART, one grant type per client)
        registry.clients.add(new Registry.Client("backend", "reference-backend", Registry.AuthMethod.PRIVATE_KEY_JWT, null,
                backendKey.toPublicJWK(), callback, Set.of("client_credentials"), List.of("system/*.rs"),
                Set.of("system/*.rs")));
        // a second private_key_jwt client (EC P-384, ES384): the "other client" of foreign-key tests
        com.nimbusds.jose.jwk.ECKey backendEcKey = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_384)
                .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES384).keyIDFromThumbprint(true).secureRandom(random).generate();
        registry.clients.add(new Registry.Client("backend-second", "reference-backend-second", Registry.AuthMethod.PRIVATE_KEY_JWT,
                null, backendEcKey.toPublicJWK(), List.of(), Set.of("client_credentials"), List.of("system/Observation.rs"),
                Set.of("system/Observation.rs")));
        registry.clients.add(new Registry.Client("second", "reference-second", Registry.AuthMethod.NONE, null, null,
                callback, codeGrants, List.of(userScope.split(" ")), userAllowed));
        // for the resource-server checks: tokens that expire within seconds, and tokens minted for another API
        registry.clients.add(new Registry.Client("short-lived", "reference-short-lived", Registry.AuthMethod.NONE, null, null,
                callback, codeGrants, List.of(userScope.split(" ")), userAllowed));
        registry.clients.add(new Registry.Client("other-audience", "reference-other-audience", Registry.AuthMethod.NONE, null,
                null, callback, codeGrants, List.of(userScope.split(" ")), userAllowed));
        // a native app (RFC 8252 §7.3): its loopback redirect URI is registered without a port, which varies per run
        registry.clients.add(new Registry.Client("native", "reference-native", Registry.AuthMethod.NONE, null, null,
                List.of(URI.create("http://127.0.0.1/hitcert-native")), codeGrants, List.of(userScope.split(" ")), userAllowed));
        // a confidential private_key_jwt client doing the code flow (EC P-256, ES256): PKJ-BASELINE's authorization_code half
        com.nimbusds.jose.jwk.ECKey confidentialJwtKey = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
                .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).keyIDFromThumbprint(true).secureRandom(random).generate();
        registry.clients.add(new Registry.Client("confidential-jwt", "reference-confidential-jwt", Registry.AuthMethod.PRIVATE_KEY_JWT,
                null, confidentialJwtKey.toPublicJWK(), callback, codeGrants, List.of(userScope.split(" ")), userAllowed));
        // refresh tokens of this client expire after TokenEndpoints.IDLE_REFRESH_SECONDS unused (claimed in reference.yaml)
        registry.clients.add(new Registry.Client("refresh-idle", "reference-refresh-idle", Registry.AuthMethod.NONE, null, null,
                callback, codeGrants, List.of(userScope.split(" ")), userAllowed));
        // a private_key_jwt client registered by jwks_uri: the suite serves that JWKS on its callback server (HostedJwks)
        RSAKey jwksUriKey = jwksUriKeyFuture.get();
        registry.clients.add(new Registry.Client("backend-jwks-uri", "reference-backend-jwks-uri", Registry.AuthMethod.PRIVATE_KEY_JWT,
                null, null, List.of(), Set.of("client_credentials"), List.of("system/Observation.rs"), Set.of("system/Observation.rs")));
        registry.users.add(new Registry.User("default", "alice", tokens.opaque(), "reference-user-alice", "A"));
        registry.users.add(new Registry.User("other", "bob", tokens.opaque(), "reference-user-bob", "B"));
        // login, consent, session: an account the lockout check may lock, and one with a second factor (TOTP)
        registry.users.add(new Registry.User("lockout", "dave", tokens.opaque(), "reference-user-dave", "A"));
        registry.users.add(new Registry.User("mfa", "carol", tokens.opaque(), "reference-user-carol", "A"));
        byte[] totpSeed = new byte[20];
        random.nextBytes(totpSeed);
        registry.totpSecrets.put("carol", org.hitcert.support.Totp.toBase32(totpSeed));

        List<Candidate.ClientSpec> clientSpecs = new ArrayList<>();
        for (Registry.Client c : registry.clients) {
            Optional<SecretRef> secret = Optional.ofNullable(c.secret())
                    .map(s -> SecretRef.inMemory("reference " + c.role() + " client secret", s));
            Optional<SecretRef> key = switch (c.role()) {
                case "backend" -> Optional.of(SecretRef.inMemory("reference backend private JWK", backendKey.toJSONString()));
                case "backend-second" -> Optional.of(SecretRef.inMemory("reference backend-second private JWK",
                        backendEcKey.toJSONString()));
                case "backend-jwks-uri" -> Optional.of(SecretRef.inMemory("reference backend-jwks-uri private JWK",
                        jwksUriKey.toJSONString()));
                case "confidential-jwt" -> Optional.of(SecretRef.inMemory("reference confidential-jwt private JWK",
                        confidentialJwtKey.toJSONString()));
                default -> Optional.empty();
            };
            clientSpecs.add(new Candidate.ClientSpec(c.role(), c.clientId(), c.authMethod().id, secret, key, c.redirectUris(),
                    String.join(" ", c.defaultScope()), LOCATION, Downscope.readOnly(c.allowedScope())));
        }
        List<Candidate.UserSpec> userSpecs = registry.users.stream()
                .map(u -> new Candidate.UserSpec(u.role(), u.username(),
                        SecretRef.inMemory("reference " + u.role() + " user password", u.password()), LOCATION,
                        Optional.ofNullable(registry.totpSecrets.get(u.username()))
                                .map(seed -> SecretRef.inMemory("reference " + u.role() + " user TOTP secret", seed)),
                        Optional.ofNullable(registry.totpSecrets.get(u.username())).map(seed -> StrongLogin.ACR_MFA)))
                .toList();

        Set<Flaw> flaws = options.flaws();
        tokens.flaws = flaws;
        Metadata metadata = new Metadata(flaws, issuer, fhirBase, port, signingKey);
        ClientAuthenticator authenticator = new ClientAuthenticator(registry, tokens, List.of(issuer + "/token", issuer), flaws);
        authenticator.registerJwksUri("reference-backend-jwks-uri",
                org.hitcert.support.HostedJwks.uriFor(options.callback(), "reference-backend-jwks-uri"),
                org.hitcert.support.Tls.trusting(List.of(org.hitcert.support.LoopbackTls.shared().certificate())));
        AuthorizationEndpoint authorization = new AuthorizationEndpoint(registry, tokens, flaws, issuer, fhirBase);
        Registration registration = new Registration(registry, tokens, flaws, issuer, userAllowed);
        TokenEndpoints tokenEndpoints = new TokenEndpoints(registry, tokens, authenticator, flaws, issuer, fhirBase);
        ResourceEndpoints resources = new ResourceEndpoints(tokens, metadata, dataFuture.get(), flaws, fhirBase);

        Map<String, Route> routes = Map.ofEntries(
                Map.entry("/.well-known/openid-configuration", metadata::openIdConfiguration),
                Map.entry("/.well-known/oauth-authorization-server", metadata::openIdConfiguration),
                Map.entry("/authorize", authorization::authorize),
                Map.entry("/login", authorization::login),
                Map.entry("/consent", authorization::consent),
                Map.entry("/login/totp", authorization::totp),
                Map.entry("/logout", authorization::logout),
                Map.entry("/token", ex -> {
                    registry.sweep(tokens.now());
                    tokenEndpoints.token(ex);
                }),
                Map.entry("/introspect", tokenEndpoints::introspect),
                Map.entry("/revoke", tokenEndpoints::revoke),
                Map.entry("/jwks", metadata::jwks),
                Map.entry("/register", registration::handle),
                Map.entry("/userinfo", resources::userinfo));
        AtomicInteger threads = new AtomicInteger();
        // 16 threads: a parallel suite runs several browsers, whose idle pre-connected TLS sockets each hold a thread
        ThreadPoolExecutor executor = new ThreadPoolExecutor(16, 16, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
            Thread t = new Thread(r, "hitcert-reference-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        CrossSite crossSite = new CrossSite(flaws, Clock.systemUTC());
        boolean hsts = !flaws.contains(Flaw.NO_HSTS);
        for (HttpServer each : servers) {
            each.setExecutor(executor);
            each.createContext("/", ex -> {
                if (!crossSite.before(ex)) {
                    dispatch(ex, routes, resources, hsts);
                }
                crossSite.after(ex);
            });
            each.start();
        }
        ReferenceCandidate rc = new ReferenceCandidate(servers, front, executor, URI.create(issuer), URI.create(fhirBase), pki.ca, clientSpecs,
                userSpecs, flaws);
        return rc;
    }

    /**
     * {@code plaintext-port-unification}: the public port peeks at each connection's first byte and hands TLS to the
     * HTTPS listeners (bound on another port) and anything else to a plain HTTP listener with the same routes.
     */
    private static PortUnification unifiedFront(int port, List<HttpServer> servers) throws IOException {
        HttpServer plain = LoopbackServers.http(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        PortUnification front = PortUnification.start(port, servers.get(0).getAddress(), plain.getAddress());
        servers.add(plain);
        return front;
    }

    /**
     * {@code cert-expired}, {@code cert-wrong-host}, {@code cert-weak-key}: the FHIR API moves to its own HTTPS listener
     * (another port on localhost) whose certificate has that defect; the authorization server keeps the good one. A client
     * that validates certificates cannot reach that FHIR API, so checks that need it end in ERROR against such a
     * server, which is the right verdict for it; the transport checks judge the certificate itself.
     */
    private static List<HttpsServer> flawedCertificateListener(Pki pki, Set<Flaw> flaws, SecureRandom random) throws Exception {
        Pki.Defect defect = flaws.contains(Flaw.CERT_EXPIRED) ? Pki.Defect.EXPIRED
                : flaws.contains(Flaw.CERT_WRONG_HOST) ? Pki.Defect.WRONG_HOST
                : flaws.contains(Flaw.CERT_WEAK_KEY) ? Pki.Defect.WEAK_KEY : null;
        if (defect == null) {
            return List.of();
        }
        List<String> suites = new ArrayList<>(List.of(CIPHER_SUITES));
        suites.addAll(List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        HttpsConfigurator tls = new HttpsConfigurator(pki.flawedContext(defect, random)) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setProtocols(PROTOCOLS);
                p.setCipherSuites(suites.toArray(String[]::new));
                p.setUseCipherSuitesOrder(true);
                alpn(p, flaws);
                params.setSSLParameters(p);
            }
        };
        return bindLoopback(0, tls);
    }

    /** ALPN (RFC 7301, RFC 9325 §3.8): http/1.1 is the one protocol served; {@code alpn-not-negotiated} ignores the offer. */
    private static void alpn(SSLParameters p, Set<Flaw> flaws) {
        if (!flaws.contains(Flaw.ALPN_NOT_NEGOTIATED)) {
            p.setApplicationProtocols(new String[] {"http/1.1"});
        }
    }

    private static RSAKey rsaKey(JWSAlgorithm alg, SecureRandom random) throws Exception {
        return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(alg).keyIDFromThumbprint(true)
                .secureRandom(random).generate();
    }

    /**
     * Binds 127.0.0.1 and, on the same port, [::1]: URLs say {@code localhost}, which browsers (Chromium) may resolve
     * to ::1 only. Loopback only, never a wildcard address. With port 0, a port that is taken on ::1 is given up and
     * another tried (five times); with a fixed port, or where ::1 cannot be bound, 127.0.0.1 alone is served.
     */
    private static List<HttpsServer> bindLoopback(int port, HttpsConfigurator tls) throws IOException {
        for (int attempt = 0; ; attempt++) {
            HttpsServer v4 = LoopbackServers.https(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 64);
            v4.setHttpsConfigurator(tls);
            try {
                HttpsServer v6 = LoopbackServers.https(
                        new InetSocketAddress(InetAddress.getByName("::1"), v4.getAddress().getPort()), 64);
                v6.setHttpsConfigurator(tls);
                return List.of(v4, v6);
            } catch (java.net.SocketException e) {
                // taken on ::1 (try another ephemeral port), or no IPv6 loopback here (serve 127.0.0.1 alone)
                if (port != 0 || attempt >= 4) {
                    return List.of(v4);
                }
                v4.stop(0);
            }
        }
    }

    private static <T> FutureTask<T> done(T value) {
        FutureTask<T> task = new FutureTask<>(() -> value);
        task.run();
        return task;
    }

    private static <T> FutureTask<T> background(Callable<T> work, String name) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread t = new Thread(task, "hitcert-reference-" + name);
        t.setDaemon(true);
        t.start();
        return task;
    }

    @FunctionalInterface
    private interface Route {
        void handle(HttpExchange ex) throws Exception;
    }

    private static void dispatch(HttpExchange ex, Map<String, Route> routes, ResourceEndpoints resources, boolean hsts) {
        try (ex) {
            if (hsts) {
                ex.getResponseHeaders().set("Strict-Transport-Security", "max-age=31536000");
            }
            String path = ex.getRequestURI().getRawPath();
            Route route = routes.get(path);
            if (route == null && ResourceEndpoints.isFhirPath(path)) {
                route = resources::fhir;
            }
            try {
                if (route == null) {
                    Http.json(ex, 404, Map.of("error", "not_found"));
                } else {
                    route.handle(ex);
                }
            } catch (Http.Status s) {
                Http.json(ex, s.code, Map.of("error", s.code == 405 ? "method_not_allowed" : "request_rejected"));
            } catch (Exception e) {
                Http.json(ex, 500, Map.of("error", "server_error"));
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or the response was already sent: nothing left to answer
        }
    }

    /** {@code https://localhost:PORT}, no trailing slash. */
    public URI issuer() {
        return issuer;
    }

    /** {@code https://localhost:PORT/fhir}. */
    public URI fhirBase() {
        return fhirBase;
    }

    /** The CA generated at start; it signed the server certificate (SAN DNS:localhost, IP:127.0.0.1). */
    public List<X509Certificate> trustAnchors() {
        return List.of(ca);
    }

    /**
     * The registered clients, roles {@code public}, {@code confidential}, {@code backend}, {@code backend-second} (a second
     * private_key_jwt client with an EC key), {@code second}, and for the resource-server checks {@code short-lived}
     * (access tokens of 5 s), {@code other-audience} (tokens for another API), {@code native} (an http loopback
     * redirect URI registered without a port, RFC 8252 §7.3), {@code confidential-jwt} (the code flow
     * with private_key_jwt), {@code refresh-idle} (refresh tokens that expire after a few idle seconds) and
     * {@code backend-jwks-uri} (registered by a jwks_uri the suite serves on its callback, see HostedJwks).
     */
    public List<Candidate.ClientSpec> clients() {
        return clientSpecs;
    }

    /**
     * The test users: role {@code default} (patient A), {@code other} (patient B), {@code lockout} (an account the
     * lockout check locks) and {@code mfa} (a TOTP second factor; its acr is {@code urn:hitcert:acr:mfa}).
     */
    public List<Candidate.UserSpec> users() {
        return userSpecs;
    }

    /** Browser steps for the login page and the consent page. */
    public List<Candidate.LoginStep> login() {
        return List.of(
                new Candidate.LoginStep(Candidate.LoginStep.Action.FILL, "#username", "${user.username}", false, LOCATION),
                new Candidate.LoginStep(Candidate.LoginStep.Action.FILL, "#password", "${user.password}", false, LOCATION),
                new Candidate.LoginStep(Candidate.LoginStep.Action.CLICK, "button[type=submit]", "", false, LOCATION),
                new Candidate.LoginStep(Candidate.LoginStep.Action.FILL, "#totp", "${user.totp}", true, LOCATION),
                new Candidate.LoginStep(Candidate.LoginStep.Action.CLICK, "#totp-submit", "", true, LOCATION),
                // a consent page that lists scopes as unchecked boxes (interop switch consent-scope-checkboxes): tick them all
                new Candidate.LoginStep(Candidate.LoginStep.Action.CHECK, "input[type=checkbox][name=scope]", "", true,
                        LOCATION, true),
                new Candidate.LoginStep(Candidate.LoginStep.Action.CLICK, "#approve", "", true, LOCATION, true));
    }

    public Set<Flaw> flaws() {
        return flaws;
    }

    /** Writes {@link #trustAnchors()} as PEM. */
    public void writeTrustAnchor(Path pemFile) throws IOException {
        Writer out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(ca);
        }
        Files.writeString(pemFile, out.toString(), StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        if (front != null) {
            try {
                front.close();
            } catch (Exception ignored) {
                // closing loopback sockets
            }
        }
        servers.forEach(s -> s.stop(0));
        executor.shutdownNow();
    }
}
