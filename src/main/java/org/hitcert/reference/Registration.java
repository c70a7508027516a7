package org.hitcert.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /register}: open dynamic client registration (RFC 7591 §3) for authorization code clients, and deletion of a
 * registration with its registration access token (RFC 7592 §2.3). Registered clients have role {@code dynamic}: the
 * authorization endpoint does not trust their redirect URIs before the user signed in (RFC 9700 §4.11.2).
 */
final class Registration {

    static final String ROLE = "dynamic";
    private static final int MAX_CLIENTS = 200;
    private static final Set<String> GRANTS = Set.of("authorization_code", "refresh_token");

    private final Registry registry;
    private final Tokens tokens;
    private final Set<Flaw> flaws;
    private final String endpoint;
    private final Set<String> scopes;
    private final Map<String, String> accessTokens = new ConcurrentHashMap<>();

    Registration(Registry registry, Tokens tokens, Set<Flaw> flaws, String issuer, Set<String> scopes) {
        this.registry = registry;
        this.tokens = tokens;
        this.flaws = flaws;
        this.endpoint = issuer + "/register";
        this.scopes = Set.copyOf(scopes);
    }

    void handle(HttpExchange ex) throws Exception {
        Http.requireMethod(ex, "POST", "DELETE");
        if ("DELETE".equals(ex.getRequestMethod())) {
            delete(ex);
        } else {
            register(ex);
        }
    }

    private void register(HttpExchange ex) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        JsonNode req;
        try {
            req = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")
                    ? Http.JSON.readTree(Http.body(ex)) : null;
        } catch (IOException e) {
            req = null;
        }
        if (req == null || !req.isObject()) {
            error(ex, "invalid_client_metadata", "the request must be a JSON object (RFC 7591 §3.1)");
            return;
        }
        if (registry.clients.stream().filter(c -> ROLE.equals(c.role())).count() >= MAX_CLIENTS) {
            error(ex, "invalid_client_metadata", "too many registered clients");
            return;
        }
        Set<String> grants = strings(req, "grant_types", List.of("authorization_code"));
        Set<String> responses = strings(req, "response_types", List.of("code"));
        if (grants == null || responses == null || !GRANTS.containsAll(grants) || !Set.of("code").equals(responses)
                || !grants.contains("authorization_code")) {
            error(ex, "invalid_client_metadata", "only authorization_code (with refresh_token) and response type code are offered");
            return;
        }
        // RFC 7591 §2: jwks and jwks_uri MUST NOT both be present
        if (req.has("jwks") && req.has("jwks_uri") && !flaws.contains(Flaw.DCR_ACCEPTS_JWKS_AND_URI)) {
            error(ex, "invalid_client_metadata", "jwks and jwks_uri must not both be present");
            return;
        }
        Set<String> redirects = strings(req, "redirect_uris", List.of());
        if (redirects == null) {
            error(ex, "invalid_redirect_uri", "redirect_uris must be an array of strings");
            return;
        }
        // RFC 6749 §3.1.2.2: clients of redirect-based flows register their redirect URIs
        if (redirects.isEmpty() && !flaws.contains(Flaw.DCR_ACCEPTS_NO_REDIRECT)) {
            error(ex, "invalid_redirect_uri", "an authorization_code client must register redirect_uris");
            return;
        }
        List<URI> uris = new ArrayList<>();
        for (String r : redirects) {
            String problem = redirectProblem(r);
            if (problem != null) {
                error(ex, "invalid_redirect_uri", problem);
                return;
            }
            uris.add(URI.create(r));
        }
        String method = req.path("token_endpoint_auth_method").asText("client_secret_basic");
        Registry.AuthMethod auth;
        String secret = null;
        JWK key = null;
        switch (method) {
            case "none" -> auth = Registry.AuthMethod.NONE;
            case "client_secret_basic" -> {
                auth = Registry.AuthMethod.CLIENT_SECRET_BASIC;
                secret = tokens.opaque();
            }
            case "private_key_jwt" -> {
                auth = Registry.AuthMethod.PRIVATE_KEY_JWT;
                try {
                    List<JWK> keys = req.has("jwks") ? JWKSet.parse(req.get("jwks").toString()).getKeys() : List.of();
                    key = keys.isEmpty() ? null : keys.get(0).toPublicJWK();
                } catch (java.text.ParseException e) {
                    key = null;
                }
                if (key == null) {
                    error(ex, "invalid_client_metadata", "private_key_jwt needs a public key in jwks (jwks_uri is not fetched)");
                    return;
                }
            }
            default -> {
                error(ex, "invalid_client_metadata", "token_endpoint_auth_method must be none, client_secret_basic or private_key_jwt");
                return;
            }
        }
        Set<String> allowed = new LinkedHashSet<>();
        for (String s : req.path("scope").asText(String.join(" ", scopes)).split(" ")) {
            if (scopes.contains(s) || SmartScope.allowed(s, scopes)) {
                allowed.add(s);
            }
        }
        String clientId = "dynamic-" + tokens.opaque().substring(0, 16);
        Registry.Client client = new Registry.Client(ROLE, clientId, auth, secret, key, List.copyOf(uris), Set.copyOf(grants),
                List.copyOf(allowed), Set.copyOf(allowed));
        registry.clients.add(client);
        String accessToken = tokens.opaque();
        accessTokens.put(clientId, accessToken);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("client_id", clientId);
        out.put("client_id_issued_at", tokens.now().getEpochSecond());
        if (secret != null) {
            out.put("client_secret", secret);
            out.put("client_secret_expires_at", 0);
        }
        out.put("redirect_uris", redirects);
        out.put("grant_types", grants);
        out.put("response_types", responses);
        out.put("token_endpoint_auth_method", method);
        out.put("scope", String.join(" ", allowed));
        if (req.path("client_name").isTextual()) {
            out.put("client_name", req.get("client_name").asText());
        }
        out.put("registration_access_token", accessToken);
        out.put("registration_client_uri", endpoint + "?client_id=" + Http.enc(clientId));
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        Http.json(ex, flaws.contains(Flaw.DCR_STATUS_200) ? 200 : 201, out);
    }

    /** RFC 7592 §2.3: the registration access token deletes its client. */
    private void delete(HttpExchange ex) throws IOException {
        String clientId = Http.single(Http.query(ex), "client_id").orElse("");
        String presented = java.util.Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization"))
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).trim()).orElse("");
        String expected = accessTokens.get(clientId);
        if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8))) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            Http.json(ex, 401, Map.of("error", "invalid_token"));
            return;
        }
        accessTokens.remove(clientId);
        registry.clients.removeIf(c -> c.clientId().equals(clientId) && ROLE.equals(c.role()));
        Http.send(ex, 204, null, new byte[0]);
    }

    /** Null when {@code r} may be registered: absolute, no fragment, https or http on a loopback IP literal. */
    private String redirectProblem(String r) {
        URI u;
        try {
            u = new URI(r);
        } catch (URISyntaxException e) {
            return "not a URI: " + r;
        }
        if (!u.isAbsolute() || u.getHost() == null) {
            return "redirect URIs must be absolute URLs";
        }
        if (u.getRawFragment() != null && !flaws.contains(Flaw.DCR_ACCEPTS_FRAGMENT)) {
            return "redirect URIs must not contain a fragment (RFC 6749 §3.1.2)";
        }
        boolean loopback = "127.0.0.1".equals(u.getHost()) || "[::1]".equals(u.getHost());
        if ("https".equals(u.getScheme()) || "http".equals(u.getScheme()) && loopback) {
            return null;
        }
        if ("http".equals(u.getScheme()) && flaws.contains(Flaw.DCR_ACCEPTS_HTTP_REDIRECT)) {
            return null;
        }
        return "redirect URIs must use https (http only on a loopback IP literal)";
    }

    /** The strings of array member {@code name}, {@code absent} when it is missing; null when it is not an array of strings. */
    private static Set<String> strings(JsonNode req, String name, List<String> absent) {
        JsonNode n = req.get(name);
        if (n == null) {
            return new LinkedHashSet<>(absent);
        }
        if (!n.isArray()) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                return null;
            }
            out.add(e.asText());
        }
        return out;
    }

    private static void error(HttpExchange ex, String code, String description) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        Http.json(ex, 400, Map.of("error", code, "error_description", description));
    }
}
