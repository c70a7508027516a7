package org.hitcert.reference;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code /token} (RFC 6749 §4.1.3, §4.4, §6; RFC 7636 §4.6), {@code /introspect} (RFC 7662), {@code /revoke} (RFC 7009). */
final class TokenEndpoints {

    /** The {@code refresh-idle} client's refresh tokens die this long after issue unless used (claimed in reference.yaml). */
    static final long IDLE_REFRESH_SECONDS = 3;
    private static final String NO_GRANT_TYPE = "grant_type is required";
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private final Registry registry;
    private final Tokens tokens;
    private final ClientAuthenticator authenticator;
    private final Set<Flaw> flaws;
    private final String issuer;
    private final String fhirBase;
    /** Only with {@link Flaw#PKCE_FORGOTTEN_AFTER_USE}: codes redeemed once, whose PKCE record is gone. */
    private final Set<Registry.Code> pkceForgotten = java.util.concurrent.ConcurrentHashMap.newKeySet();

    TokenEndpoints(Registry registry, Tokens tokens, ClientAuthenticator authenticator, Set<Flaw> flaws, String issuer,
                   String fhirBase) {
        this.registry = registry;
        this.tokens = tokens;
        this.authenticator = authenticator;
        this.flaws = flaws;
        this.issuer = issuer;
        this.fhirBase = fhirBase;
    }

    void token(HttpExchange ex) throws IOException {
        if (!flaws.contains(Flaw.TOKEN_CACHEABLE)) {
            noStore(ex);
        }
        try {
            Map<String, Object> response = tokenResponse(ex);
            Http.json(ex, 200, response);
        } catch (OAuthError e) {
            if (flaws.contains(Flaw.ERROR_RESPONSE_CACHEABLE)
                    || flaws.contains(Flaw.MALFORMED_ERROR_CACHEABLE) && NO_GRANT_TYPE.equals(e.getMessage())) {
                uncache(ex);
            }
            error(ex, e);
        }
    }

    /** Only with the cacheable-response flaws: the headers {@link #noStore} set are taken back. */
    private static void uncache(HttpExchange ex) {
        ex.getResponseHeaders().remove("Cache-Control");
        ex.getResponseHeaders().remove("Pragma");
    }

    private Map<String, Object> tokenResponse(HttpExchange ex) throws OAuthError, IOException {
        Form form = flaws.contains(Flaw.TOKEN_PARAMS_LENIENT) ? lenientForm(ex) : form(ex);
        Registry.Client client;
        try {
            client = authenticator.authenticate(form.request, issuer + "/token", true);
        } catch (OAuthError e) {
            endRefusedRefresh(form, null);
            client = claimedForRefresh(form, e);
        }
        if (flaws.contains(Flaw.ROPC_ENABLED) && List.of("password").equals(form.params.get("grant_type"))) {
            return passwordGrant(client, form.params);
        }
        if (flaws.contains(Flaw.PKCE_VERIFIER_MALFORMED_ACCEPTED) && List.of("authorization_code").equals(form.params.get("grant_type"))
                && client.grantTypes().contains("authorization_code")) {
            return redeemCode(client, form.params); // the flaw: no grant parser, so no code_verifier syntax check either
        }
        if (!form.params.containsKey("grant_type")) {
            throw OAuthError.invalidRequest(NO_GRANT_TYPE);
        }
        AuthorizationGrant grant;
        try {
            grant = AuthorizationGrant.parse(form.params);
        } catch (ParseException e) {
            String code = e.getErrorObject() != null && e.getErrorObject().getCode() != null
                    ? e.getErrorObject().getCode() : "invalid_request";
            throw new OAuthError(code, "malformed grant", 400);
        }
        if (flaws.contains(Flaw.GRANT_TYPE_UNCHECKED) && grant instanceof ClientCredentialsGrant
                && !client.grantTypes().contains("client_credentials")) {
            return secondGrantType(client);
        }
        if (!client.grantTypes().contains(grant.getType().getValue())) {
            throw new OAuthError("unauthorized_client", "grant type not allowed for this client", 400);
        }
        if (flaws.contains(Flaw.ASSERTION_REFUSED_FOR_CODE) && grant instanceof AuthorizationCodeGrant
                && client.authMethod() == Registry.AuthMethod.PRIVATE_KEY_JWT) {
            throw OAuthError.invalidClient("client assertions are only accepted with client_credentials");
        }
        if (grant instanceof AuthorizationCodeGrant) {
            return redeemCode(client, form.params);
        } else if (grant instanceof RefreshTokenGrant rt) {
            Map<String, Object> refreshed = refresh(client, rt.getRefreshToken().getValue(), form.params);
            if (flaws.contains(Flaw.REFRESH_RESPONSE_CACHEABLE)) {
                uncache(ex);
            }
            return refreshed;
        } else if (grant instanceof ClientCredentialsGrant) {
            return clientCredentials(client, form.params);
        }
        throw new OAuthError("unsupported_grant_type", "grant type not supported", 400);
    }

    /**
     * Only with {@link Flaw#REFRESH_ENDS_ON_REFUSED_USE}: the refresh token of a refresh request about to be refused
     * (its client's authentication failed: {@code form}; another client presented it: {@code rt}) is revoked.
     */
    private void endRefusedRefresh(Form form, Registry.RefreshToken rt) {
        if (!flaws.contains(Flaw.REFRESH_ENDS_ON_REFUSED_USE) || flaws.contains(Flaw.REFRESH_CREDENTIAL_UNCHECKED)) {
            return;
        }
        Registry.RefreshToken presented = rt != null ? rt
                : List.of("refresh_token").equals(form.params.get("grant_type"))
                        ? Http.single(form.params, "refresh_token").map(registry.refreshTokens::get).orElse(null) : null;
        if (presented != null) {
            presented.revoked = true;
        }
    }

    /**
     * Only with {@link Flaw#REFRESH_CREDENTIAL_UNCHECKED}: a refresh_token grant whose client authentication failed goes on
     * as the client it names (client_id, or the Basic user name); otherwise {@code failure} stands.
     */
    private Registry.Client claimedForRefresh(Form form, OAuthError failure) throws OAuthError {
        if (!flaws.contains(Flaw.REFRESH_CREDENTIAL_UNCHECKED) || !List.of("refresh_token").equals(form.params.get("grant_type"))) {
            throw failure;
        }
        String named = Http.single(form.params, "client_id").orElse(null);
        String basic = form.request.getAuthorization();
        if (named == null && basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            String pair = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
            named = java.net.URLDecoder.decode(pair.substring(0, Math.max(0, pair.indexOf(':'))), StandardCharsets.UTF_8);
        }
        Registry.Client client = named == null ? null : registry.client(named);
        if (client == null) {
            throw failure;
        }
        return client;
    }

    /** Only with {@link Flaw#GRANT_TYPE_UNCHECKED}: client_credentials for a code client, with its resource scopes. */
    private Map<String, Object> secondGrantType(Registry.Client client) throws OAuthError {
        List<String> scope = client.defaultScope().stream().filter(sc -> sc.contains("/")).toList();
        Registry.Grant grant = new Registry.Grant(tokens.opaque(), client, null, scope, tokens.now());
        return issue(grant, scope, null, false, false);
    }

    /** Only with {@link Flaw#ROPC_ENABLED}: the resource owner password grant RFC 9700 §2.4 forbids. */
    private Map<String, Object> passwordGrant(Registry.Client client, Map<String, List<String>> params) throws OAuthError {
        Registry.User user = registry.user(Http.single(params, "username").orElse(""));
        if (user == null || !MessageDigest.isEqual(user.password().getBytes(StandardCharsets.UTF_8),
                Http.single(params, "password").orElse("").getBytes(StandardCharsets.UTF_8))) {
            throw OAuthError.invalidGrant("bad credentials");
        }
        Registry.Grant grant = new Registry.Grant(tokens.opaque(), client, user,
                client.defaultScope().stream().filter(sc -> !sc.equals("offline_access")).toList(), tokens.now());
        return issue(grant, grant.scope, null, false, false);
    }

    private Map<String, Object> redeemCode(Registry.Client client, Map<String, List<String>> params) throws OAuthError {
        String value = Http.single(params, "code").orElseThrow(() -> OAuthError.invalidRequest("code is required"));
        Registry.Code code = registry.codes.get(value);
        if (code == null) {
            throw OAuthError.invalidGrant("unknown authorization code");
        }
        synchronized (code) {
            // the pkce-forgotten flaw: deleting the PKCE record is this server's only mark of a used code
            if (code.used && !flaws.contains(Flaw.CODE_REUSABLE) && !flaws.contains(Flaw.PKCE_FORGOTTEN_AFTER_USE)) {
                // RFC 6749 §4.1.2: a replayed code revokes what was issued from it
                if (!flaws.contains(Flaw.CODE_REPLAY_KEEPS_TOKENS)) {
                    registry.revokeFamily(code.grant);
                }
                throw OAuthError.invalidGrant("authorization code already used");
            }
            code.used = true;
        }
        if (code.expires.isBefore(tokens.now()) && !flaws.contains(Flaw.CODE_LONG_LIVED)) {
            throw OAuthError.invalidGrant("authorization code expired");
        }
        if (code.tx.client() != client && !flaws.contains(Flaw.CODE_NOT_CLIENT_BOUND)) {
            throw OAuthError.invalidGrant("authorization code was issued to another client");
        }
        if (!List.of(code.tx.redirectUri()).equals(params.get("redirect_uri"))) {
            throw OAuthError.invalidGrant("redirect_uri does not match the authorization request");
        }
        Optional<String> verifier = Http.single(params, "code_verifier");
        if (verifier.isPresent() && !VERIFIER.matcher(verifier.get()).matches()
                && !flaws.contains(Flaw.PKCE_VERIFIER_MALFORMED_ACCEPTED)) {
            throw OAuthError.invalidRequest("code_verifier must be 43-128 unreserved characters");
        }
        if (pkceForgotten.contains(code)) {
            if (verifier.isPresent()) {
                throw OAuthError.invalidGrant("code_verifier sent but no code_challenge is on record for this code");
            }
        } else if (code.tx.codeChallenge() == null) {
            if (flaws.contains(Flaw.PKCE_DOWNGRADE_ACCEPTED)) {
                // the flaw: "PKCE required" means a verifier must be present, but there is nothing to compare it with
                if (verifier.isEmpty()) {
                    throw OAuthError.invalidGrant("code_verifier is required");
                }
            } else if (verifier.isPresent()) {
                throw OAuthError.invalidGrant("code_verifier sent but no code_challenge was");
            }
        } else {
            if (verifier.isEmpty()) {
                throw OAuthError.invalidGrant("code_verifier is required");
            }
            String expected = "S256".equals(code.tx.codeChallengeMethod()) ? s256(verifier.get()) : verifier.get();
            if (!flaws.contains(Flaw.PKCE_VERIFIER_UNCHECKED) && !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    code.tx.codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
                throw OAuthError.invalidGrant("code_verifier does not match the code_challenge");
            }
        }
        if (flaws.contains(Flaw.PKCE_FORGOTTEN_AFTER_USE)) {
            pkceForgotten.add(code);
        }
        return issue(code.grant, code.grant.scope, code.tx.nonce(), true, true);
    }

    private Map<String, Object> refresh(Registry.Client client, String value, Map<String, List<String>> params)
            throws OAuthError {
        Registry.RefreshToken rt = registry.refreshTokens.get(value);
        if (rt == null || (rt.grant.client != client && !flaws.contains(Flaw.REFRESH_NOT_CLIENT_BOUND))) {
            endRefusedRefresh(null, rt);
            throw OAuthError.invalidGrant("unknown refresh token");
        }
        boolean rotate = client.authMethod() == Registry.AuthMethod.NONE && !flaws.contains(Flaw.REFRESH_NOT_ROTATED);
        synchronized (rt) {
            if (rt.used) {
                // RFC 9700 §4.14.2: reuse of a rotated refresh token revokes the whole family
                if (!flaws.contains(Flaw.REFRESH_REUSE_NOT_DETECTED)) {
                    registry.revokeFamily(rt.grant);
                }
                throw OAuthError.invalidGrant("refresh token already used");
            }
            if (rt.revoked || rt.grant.revoked || rt.expires.isBefore(tokens.now())) {
                throw OAuthError.invalidGrant("refresh token is not active");
            }
            if (rotate) {
                rt.used = true;
            }
        }
        List<String> scope = rt.grant.scope;
        Optional<String> requested = Http.single(params, "scope");
        if (requested.isPresent()) {
            List<String> narrowed = Arrays.asList(requested.get().trim().split(" +"));
            if (!rt.grant.scope.containsAll(narrowed) && !flaws.contains(Flaw.REFRESH_SCOPE_WIDENING)) {
                throw OAuthError.invalidScope("scope may only narrow on refresh");
            }
            scope = narrowed;
        }
        return issue(rt.grant, scope, null, rotate, false);
    }

    private Map<String, Object> clientCredentials(Registry.Client client, Map<String, List<String>> params) throws OAuthError {
        List<String> scope = Http.single(params, "scope").map(s -> Arrays.asList(s.trim().split(" +")))
                .orElse(client.defaultScope());
        for (String s : scope) {
            if (!s.startsWith("system/") || !(SmartScope.allowed(s, client.allowedScope())
                    || flaws.contains(Flaw.BACKEND_SCOPE_UNMEDIATED))) {
                throw OAuthError.invalidScope("scope not allowed for this client");
            }
        }
        Registry.Grant grant = new Registry.Grant(tokens.opaque(), client, null, scope, tokens.now());
        Map<String, Object> r = issue(grant, scope, null, false, false);
        if (flaws.contains(Flaw.CC_REFRESH_ISSUED)) {
            String rt = tokens.opaque();
            registry.refreshTokens.put(rt, new Registry.RefreshToken(grant, tokens.now().plusSeconds(Tokens.REFRESH_TOKEN_SECONDS)));
            r.put("refresh_token", rt);
        }
        return r;
    }

    private Map<String, Object> issue(Registry.Grant grant, List<String> scope, String nonce, boolean newRefreshToken,
                                      boolean idToken) throws OAuthError {
        try {
            Map<String, Object> r = new LinkedHashMap<>();
            String at = tokens.accessToken(grant, scope);
            r.put("access_token", at);
            r.put("token_type", "Bearer");
            r.put("expires_in", tokens.lifetime(grant));
            if (!flaws.contains(Flaw.TOKEN_RESPONSE_NO_SCOPE)) {
                r.put("scope", String.join(" ", grant.reportedScope != null ? grant.reportedScope : scope));
            }
            if (grant.patient() != null && scope.contains("launch/patient") && !flaws.contains(Flaw.PATIENT_CONTEXT_MISSING)) {
                r.put("patient", grant.patient());
            }
            if (idToken && grant.user != null && scope.contains("openid")) {
                r.put("id_token", tokens.idToken(grant, grant.client.clientId(), nonce, at));
            }
            boolean ungated = flaws.contains(Flaw.REFRESH_WITHOUT_OFFLINE_ACCESS);
            boolean withheld = flaws.contains(Flaw.REFRESH_CONFIDENTIAL_ONLY) && grant.client.authMethod() == Registry.AuthMethod.NONE;
            if (grant.user != null && newRefreshToken && !withheld
                    && (grant.scope.contains("offline_access") || grant.scope.contains("online_access") || ungated)) {
                String rt = tokens.opaque();
                long rtSeconds = ungated ? 30L * 24 * 3600 : Tokens.REFRESH_TOKEN_SECONDS;
                if ("refresh-idle".equals(grant.client.role()) && !flaws.contains(Flaw.REFRESH_NEVER_IDLES)) {
                    rtSeconds = IDLE_REFRESH_SECONDS; // rotation issues a new one on each use, so this is an idle limit
                }
                registry.refreshTokens.put(rt, new Registry.RefreshToken(grant, tokens.now().plusSeconds(rtSeconds)));
                r.put("refresh_token", rt);
            }
            return r;
        } catch (Exception e) {
            throw new OAuthError("server_error", "could not issue tokens", 500);
        }
    }

    void introspect(HttpExchange ex) throws IOException {
        noStore(ex);
        try {
            Form form = flaws.contains(Flaw.INTROSPECTION_GET_ALLOWED) && "GET".equals(ex.getRequestMethod())
                    ? queryForm(ex) : form(ex);
            Registry.Client caller = flaws.contains(Flaw.INTROSPECTION_OPEN) ? null
                    : authenticator.authenticate(form.request, issuer + "/introspect", false);
            String token = Http.single(form.params, "token").orElseThrow(() -> OAuthError.invalidRequest("token is required"));
            Map<String, Object> r = new LinkedHashMap<>();
            Optional<Registry.AccessToken> at = tokens.verifyAccessToken(token, !flaws.contains(Flaw.INTROSPECTION_IGNORES_REVOCATION));
            Optional<Registry.RefreshToken> rt = at.isPresent() ? Optional.empty() : tokens.liveRefreshToken(token);
            if (flaws.contains(Flaw.INTROSPECTION_OWN_TOKENS_ONLY) && caller != null
                    && at.map(a -> a.grant().client).or(() -> rt.map(t -> t.grant.client)).filter(c -> c != caller).isPresent()) {
                Http.json(ex, 200, Map.of("active", false)); // RFC 7662 §2.2: a token the caller may not introspect
                return;
            }
            if (at.isEmpty() && rt.isEmpty()) {
                Map<String, Object> inactive = new LinkedHashMap<>();
                inactive.put("active", false);
                if (flaws.contains(Flaw.INTROSPECTION_LEAKS_INACTIVE)) {
                    tokens.verifyAccessToken(token, false).ifPresent(a -> {
                        inactive.put("client_id", a.grant().client.clientId());
                        inactive.put("scope", String.join(" ", a.scope()));
                        inactive.put("sub", a.grant().sub());
                    });
                }
                Http.json(ex, 200, inactive);
                return;
            }
            if (flaws.contains(Flaw.INTROSPECTION_MINIMAL)) {
                Http.json(ex, 200, Map.of("active", true));
                return;
            }
            Registry.Grant grant = at.map(Registry.AccessToken::grant).orElseGet(() -> rt.get().grant);
            List<String> scope = at.map(Registry.AccessToken::scope).orElse(grant.scope);
            r.put("active", true);
            r.put("scope", String.join(" ", scope));
            r.put("client_id", grant.client.clientId());
            r.put("sub", grant.sub());
            r.put("iss", issuer);
            r.put("token_type", at.isPresent() ? "Bearer" : "refresh_token");
            if (at.isPresent()) {
                r.put("aud", fhirBase);
                r.put("iat", at.get().issued().getEpochSecond());
                r.put("exp", at.get().expires().getEpochSecond());
            } else {
                r.put("exp", rt.get().expires.getEpochSecond());
            }
            if (grant.patient() != null && scope.contains("launch/patient")) {
                r.put("patient", grant.patient());
            }
            Http.json(ex, 200, r);
        } catch (OAuthError e) {
            error(ex, e);
        }
    }

    void revoke(HttpExchange ex) throws IOException {
        noStore(ex);
        try {
            Form form = form(ex);
            Registry.Client client = authenticator.authenticate(form.request, issuer + "/revoke", true);
            String token = Http.single(form.params, "token").orElseThrow(() -> OAuthError.invalidRequest("token is required"));
            Optional<String> hint = Http.single(form.params, "token_type_hint");
            boolean onlyHinted = flaws.contains(Flaw.REVOCATION_TRUSTS_HINT) && hint.isPresent();
            Registry.RefreshToken rt = onlyHinted && !hint.get().equals("refresh_token") ? null : registry.refreshTokens.get(token);
            boolean found = false;
            if (rt != null && rt.grant.client == client) {
                found = !rt.revoked && !rt.grant.revoked;
                if (flaws.contains(Flaw.REVOCATION_IGNORED)) {
                    Http.send(ex, 200, null, new byte[0]);
                    return;
                }
                rt.revoked = true;
                if (!flaws.contains(Flaw.REVOCATION_NOT_PROPAGATED)) {
                    rt.grant.revoked = true; // RFC 7009 §2.1: revoking a refresh token revokes its access tokens
                    if (flaws.contains(Flaw.GRANT_PER_SESSION)) {
                        registry.revokeFamily(rt.grant);
                    }
                }
            } else if (!(onlyHinted && !hint.get().equals("access_token"))) {
                Optional<Registry.AccessToken> at = tokens.verifyAccessToken(token).filter(a -> a.grant().client == client);
                at.ifPresent(a -> a.revoked = true);
                if (flaws.contains(Flaw.GRANT_PER_SESSION)) {
                    // RFC 7009 §2.1 lets revoking an access token revoke its grant's other tokens; oidc-provider does
                    at.ifPresent(a -> registry.revokeFamily(a.grant()));
                }
                found = at.isPresent();
            }
            if (!found && flaws.contains(Flaw.REVOCATION_REVEALS_INVALID)) {
                throw new OAuthError("invalid_token", "unknown token", 400);
            }
            Http.send(ex, 200, null, new byte[0]);
        } catch (OAuthError e) {
            error(ex, e);
        }
    }

    private record Form(HTTPRequest request, Map<String, List<String>> params) {
    }

    private Form form(HttpExchange ex) throws OAuthError, IOException {
        Http.requireMethod(ex, "POST");
        if (!Http.isForm(ex)) {
            throw OAuthError.invalidRequest("expected application/x-www-form-urlencoded");
        }
        String body = Http.body(ex);
        if (ex.getRequestURI().getRawQuery() != null) {
            throw OAuthError.invalidRequest("parameters must be sent in the request body");
        }
        Map<String, List<String>> params = Http.params(ex, body);
        List<String> repeated = new ArrayList<>();
        params.forEach((k, v) -> {
            if (v.size() > 1) {
                repeated.add(k);
            }
        });
        if (!repeated.isEmpty()) {
            throw OAuthError.invalidRequest("parameters must not be repeated");
        }
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, URI.create(issuer + ex.getRequestURI().getRawPath()));
        ex.getRequestHeaders().forEach((name, values) -> request.setHeader(name, values.toArray(new String[0])));
        request.setBody(body);
        return new Form(request, params);
    }

    /** Only with {@link Flaw#TOKEN_PARAMS_LENIENT}: GET or POST, query and body merged, repeated parameters reduced to the first. */
    private Form lenientForm(HttpExchange ex) throws IOException {
        String body = "POST".equals(ex.getRequestMethod()) ? Http.body(ex) : "";
        Map<String, List<String>> params = new LinkedHashMap<>();
        Http.query(ex).forEach((k, v) -> params.putIfAbsent(k, List.of(v.get(0))));
        com.nimbusds.oauth2.sdk.util.URLUtils.parseParameters(body).forEach((k, v) -> params.putIfAbsent(k, List.of(v.get(0))));
        Map<String, List<String>> flat = new LinkedHashMap<>(params);
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, URI.create(issuer + ex.getRequestURI().getRawPath()));
        ex.getRequestHeaders().forEach((name, values) -> request.setHeader(name, values.toArray(new String[0])));
        request.setHeader("Content-Type", "application/x-www-form-urlencoded");
        request.setBody(com.nimbusds.oauth2.sdk.util.URLUtils.serializeParameters(flat));
        return new Form(request, flat);
    }

    /** Only with {@link Flaw#INTROSPECTION_GET_ALLOWED}: the parameters of a GET's query string. */
    private Form queryForm(HttpExchange ex) {
        Map<String, List<String>> params = Http.query(ex);
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, URI.create(issuer + ex.getRequestURI().getRawPath()));
        ex.getRequestHeaders().forEach((name, values) -> request.setHeader(name, values.toArray(new String[0])));
        request.setBody(com.nimbusds.oauth2.sdk.util.URLUtils.serializeParameters(params));
        return new Form(request, params);
    }

    private static void noStore(HttpExchange ex) {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("Pragma", "no-cache");
    }

    private void error(HttpExchange ex, OAuthError e) throws IOException {
        if (e.status == 401 && authenticator.omitChallenge()
                && ex.getRequestHeaders().getFirst("Authorization") != null) {
            e = new OAuthError(e.code, e.getMessage(), 400);
        }
        if (e.status == 401) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"hitcert-reference\"");
        }
        if (e.retryAfterSeconds > 0) {
            ex.getResponseHeaders().set("Retry-After", Long.toString(e.retryAfterSeconds));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("error", e.code);
        r.put("error_description", e.getMessage());
        Http.json(ex, e.status, r);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
