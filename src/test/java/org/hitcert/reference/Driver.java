package org.hitcert.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.hitcert.model.Candidate;

/** Talks to a running reference candidate over HTTPS, trusting only its CA, redirects off; drives the code flow. */
final class Driver {

    static final URI CALLBACK = URI.create("http://127.0.0.1:41234/callback");
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HIDDEN = Pattern.compile("name=\"(csrf|tx)\" value=\"([^\"]*)\"");

    final ReferenceCandidate rc;
    final HttpClient http;

    Driver(ReferenceCandidate rc) throws Exception {
        this.rc = rc;
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", rc.trustAnchors().get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ssl).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static ReferenceCandidate start(Flaw... flaws) throws Exception {
        return ReferenceCandidate.start(new ReferenceOptions(Set.of(flaws), CALLBACK, 0));
    }

    private static ReferenceCandidate.Keys sharedKeys;

    /** Like {@link #start}, but reusing one pair of RSA keys across servers, to keep the flaw tests fast. */
    static synchronized ReferenceCandidate startWithSharedKeys(Flaw... flaws) throws Exception {
        if (sharedKeys == null) {
            sharedKeys = ReferenceCandidate.Keys.generate();
        }
        return ReferenceCandidate.start(new ReferenceOptions(Set.of(flaws), CALLBACK, 0), sharedKeys);
    }

    Candidate.ClientSpec client(String role) {
        return rc.clients().stream().filter(c -> c.role().equals(role)).findFirst().orElseThrow();
    }

    Candidate.UserSpec user(String role) {
        return rc.users().stream().filter(u -> u.role().equals(role)).findFirst().orElseThrow();
    }

    static String secret(org.hitcert.model.SecretRef ref) {
        return ref.resolve(n -> null).orElseThrow();
    }

    HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    /**
     * Sends {@code request}, and once more when the connection ended before any answer was read (a pooled keep-alive
     * connection the server closed as idle just as it was reused: "header parser received no bytes"). Nothing was
     * answered the first time, so the second try decides. A request left unanswered past its timeout is also sent once
     * more (CI, 2 cores under the whole suite: one POST to the FHIR API waited out its 10 s, 2026-12-07);
     * any other failure is thrown as is.
     */
    HttpResponse<String> send(HttpRequest request) throws Exception {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            if (!(e instanceof java.io.EOFException) && !(e instanceof java.net.http.HttpTimeoutException)
                    && !String.valueOf(e.getMessage()).contains("received no bytes")) {
                throw e;
            }
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    HttpResponse<String> post(String url, Map<String, String> form, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(user, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(password, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    static String verifier() {
        return UUID.randomUUID() + "-" + UUID.randomUUID();
    }

    static String s256(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> m = new LinkedHashMap<>();
        URLUtils.parseParameters(uri.getRawQuery()).forEach((k, v) -> m.put(k, v.get(0)));
        return m;
    }

    static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    String authorizeUrl(Map<String, String> params) {
        return rc.issuer() + "/authorize?" + form(params);
    }

    /** Standard authorization request parameters for a client, PKCE S256 with the given verifier. */
    Map<String, String> authorizeParams(String role, String verifier) throws Exception {
        Candidate.ClientSpec c = client(role);
        return params("response_type", "code", "client_id", c.clientId(), "redirect_uri", CALLBACK.toString(),
                "scope", c.scope(), "state", "st-" + UUID.randomUUID(), "nonce", "n-" + UUID.randomUUID(),
                "code_challenge", s256(verifier), "code_challenge_method", "S256");
    }

    /** What the browser ends with: the redirect to the callback, and the session cookie. */
    record Outcome(HttpResponse<String> response, URI location, Map<String, String> query, String cookie) {
    }

    static String cookieOf(HttpResponse<?> r, String fallback) {
        return r.headers().firstValue("Set-Cookie").map(c -> c.substring(0, c.indexOf(';'))).orElse(fallback);
    }

    static Map<String, String> hidden(String html) {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher matcher = HIDDEN.matcher(html);
        while (matcher.find()) {
            m.put(matcher.group(1), matcher.group(2));
        }
        return m;
    }

    /** GET /authorize, log in as {@code userRole}, approve, and return the final redirect. */
    Outcome authorize(Map<String, String> params, String userRole) throws Exception {
        HttpResponse<String> page = get(authorizeUrl(params));
        if (page.statusCode() != 200) {
            return outcome(page, null);
        }
        String cookie = cookieOf(page, null);
        Map<String, String> hidden = hidden(page.body());
        Candidate.UserSpec user = user(userRole);
        HttpResponse<String> login = post(rc.issuer() + "/login", params("csrf", hidden.get("csrf"), "tx", hidden.get("tx"),
                "username", user.username(), "password", secret(user.password())), "Cookie", cookie);
        if (login.statusCode() != 303) {
            throw new AssertionError("login answered " + login.statusCode() + ": " + login.body());
        }
        cookie = cookieOf(login, cookie);
        HttpResponse<String> consentPage = get(rc.issuer() + login.headers().firstValue("Location").orElseThrow(), "Cookie", cookie);
        Map<String, String> consentHidden = hidden(consentPage.body());
        HttpResponse<String> consent = post(rc.issuer() + "/consent", params("csrf", consentHidden.get("csrf"),
                "tx", consentHidden.get("tx"), "decision", "approve"), "Cookie", cookie);
        return outcome(consent, cookie);
    }

    static Outcome outcome(HttpResponse<String> r, String cookie) {
        URI location = r.headers().firstValue("Location").map(URI::create).orElse(null);
        return new Outcome(r, location, location == null ? Map.of() : query(location), cookie);
    }

    HttpResponse<String> redeem(String role, String code, String verifier) throws Exception {
        Candidate.ClientSpec c = client(role);
        Map<String, String> form = params("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK.toString());
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        if (c.authMethod().equals("client_secret_basic")) {
            return post(rc.issuer() + "/token", form, "Authorization", basic(c.clientId(), secret(c.secret().orElseThrow())));
        }
        form.put("client_id", c.clientId());
        return post(rc.issuer() + "/token", form);
    }

    /** A full code flow for {@code role} as {@code userRole}; returns the token response JSON. */
    JsonNode tokens(String role, String userRole) throws Exception {
        String verifier = verifier();
        Outcome o = authorize(authorizeParams(role, verifier), userRole);
        HttpResponse<String> r = redeem(role, o.query().get("code"), verifier);
        if (r.statusCode() != 200) {
            throw new AssertionError("token endpoint answered " + r.statusCode() + ": " + r.body());
        }
        return json(r);
    }

    String assertion(String audience) throws Exception {
        Candidate.ClientSpec c = client("backend");
        RSAKey key = RSAKey.parse(secret(c.privateKey().orElseThrow()));
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(c.clientId()).subject(c.clientId()).audience(audience)
                .expirationTime(Date.from(Instant.now().plusSeconds(120))).jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    Map<String, String> backendAuth(String assertion) {
        return params("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", assertion);
    }

    HttpResponse<String> clientCredentials(String scope) throws Exception {
        Map<String, String> form = backendAuth(assertion(rc.issuer() + "/token"));
        form.put("grant_type", "client_credentials");
        form.put("scope", scope);
        return post(rc.issuer() + "/token", form);
    }

    HttpResponse<String> fhir(String path, String token) throws Exception {
        return token == null ? get(rc.fhirBase() + path) : get(rc.fhirBase() + path, "Authorization", "Bearer " + token);
    }

    static List<String> list(JsonNode array) {
        return JSON.convertValue(array, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }
}
