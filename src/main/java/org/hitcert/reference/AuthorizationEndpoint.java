package org.hitcert.reference;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /authorize}, {@code /login} and {@code /consent}: the authorization code flow with PKCE (RFC 6749 §4.1,
 * RFC 7636, RFC 9207, RFC 9700 §2.1), a password login page and a consent page, both CSRF-protected.
 */
final class AuthorizationEndpoint {

    static final String SESSION_COOKIE = "__Host-hitcert-session";
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern PLAIN_CHALLENGE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final List<String> SINGLE_PARAMS = List.of("client_id", "redirect_uri", "response_type", "scope", "state",
            "code_challenge", "code_challenge_method", "nonce", "prompt", "max_age", "response_mode", "aud", "launch");
    private static final int TX_SECONDS = 600;

    private final Registry registry;
    private final Tokens tokens;
    private final Set<Flaw> flaws;
    private final String issuer;
    private final String fhirBase;
    private final Set<String> implicitTransactions = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Transactions answered by hybrid response types (flaw hybrid-token-allowed). */
    private final Set<String> hybridTransactions = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Transactions whose response goes by web_message (a page that posts it to the opener) instead of a redirect. */
    private final Set<String> webMessageTransactions = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** SCOPE_RESPONSE_ECHOES_REQUEST: the requested scope of a reduced transaction, stated later as if granted. */
    private final Map<String, List<String>> echoedScopes = new java.util.concurrent.ConcurrentHashMap<>();
    private final StrongLogin strongLogin;

    AuthorizationEndpoint(Registry registry, Tokens tokens, Set<Flaw> flaws, String issuer, String fhirBase) {
        this.registry = registry;
        this.tokens = tokens;
        this.flaws = flaws;
        this.issuer = issuer;
        this.fhirBase = fhirBase;
        this.strongLogin = new StrongLogin(flaws, java.time.Clock.systemUTC());
    }

    void authorize(HttpExchange ex) throws Exception {
        Http.requireMethod(ex, "GET", "POST");
        boolean post = "POST".equals(ex.getRequestMethod());
        if (post && flaws.contains(Flaw.AUTHORIZE_POST_REFUSED)) {
            ex.getResponseHeaders().set("Allow", "GET");
            Http.html(ex, 405, Pages.error("Use GET."));
            return;
        }
        String body = post ? Http.body(ex) : "";
        if (flaws.contains(Flaw.STATE_ENCODED_500) && encodedState(ex.getRequestURI().getRawQuery(), body)) {
            Http.html(ex, 500, Pages.page("Internal Server Error", "<p>Something went wrong.</p>"));
            return;
        }
        Map<String, List<String>> params = Http.params(ex, body);
        if (flaws.contains(Flaw.DUP_PARAM_ACCEPTED)) {
            Map<String, List<String>> first = new java.util.LinkedHashMap<>();
            params.forEach((k, v) -> first.put(k, v.isEmpty() ? v : List.of(v.get(0))));
            params = first;
        }
        if (flaws.contains(Flaw.RESPONSE_TYPE_IGNORED) && Http.single(params, "response_type").isPresent()) {
            params = new java.util.LinkedHashMap<>(params);
            params.put("response_type", List.of("code"));
        }

        // RFC 6749 §3.1.2.4, §4.1.2.1: client and redirect URI first; never redirect to an unverified URI
        Registry.Client client = Http.single(params, "client_id").map(registry::client).orElse(null);
        // HEART "Grant types" (one per client), RFC 6749 §4.1.2.1 unauthorized_client: a client_credentials client gets no
        // code; shown as a page, since its redirect URI is not one this grant verifies
        boolean codeClient = client != null && (client.grantTypes().contains("authorization_code")
                || flaws.contains(Flaw.AUTHORIZE_GRANT_TYPE_UNCHECKED));
        if (!codeClient) {
            Optional<String> unverified = Http.single(params, "redirect_uri");
            if (flaws.contains(Flaw.REDIRECT_ERROR_TO_UNREGISTERED) && unverified.isPresent()) {
                new Responder(ex, post ? 303 : 302, unverified.get(), Http.single(params, "state").orElse(null))
                        .error("unauthorized_client", "unknown client");
                return;
            }
            Http.html(ex, 400, Pages.error(client == null ? "Unknown or missing client."
                    : "This client is not registered for the authorization code grant (unauthorized_client)."));
            return;
        }
        String requested = Http.single(params, "redirect_uri").orElse(null);
        String redirectUri = flaws.contains(Flaw.REDIRECT_DECODED_PATH) ? decodedTraversal(client, requested) : requested;
        boolean traversed = redirectUri != null && !redirectUri.equals(requested);
        if (redirectUri == null || !traversed && !nativeRedirectAllowed(client, redirectUri) && !(flaws.contains(Flaw.REDIRECT_PREFIX_MATCH)
                && client.redirectUris().stream().anyMatch(r -> redirectUri.startsWith(r.toString())))) {
            Http.html(ex, 400, Pages.error("The redirect URI is missing or not registered for this client."));
            return;
        }
        int redirectStatus = post ? 303 : 302;
        String state = Http.single(params, "state").orElse(null);
        Responder respond = new Responder(ex, redirectStatus, redirectUri, state);
        // RFC 9700 §4.11.2: a dynamically registered client's redirect URI is not trusted before the user signed in
        respond.errorsAsPage = Registration.ROLE.equals(client.role()) && !flaws.contains(Flaw.ERROR_REDIRECT_BEFORE_AUTHN)
                && Http.cookie(ex, SESSION_COOKIE).map(registry.sessions::get).filter(s -> s.user != null).isEmpty();

        for (String name : SINGLE_PARAMS) {
            if (Http.repeated(params, name)) {
                respond.error("invalid_request", "parameter repeated: " + name);
                return;
            }
        }
        if (params.containsKey("request")) {
            respond.error("request_not_supported", "request objects are not supported");
            return;
        }
        if (params.containsKey("request_uri")) {
            respond.error("request_uri_not_supported", "request_uri is not supported");
            return;
        }
        Optional<String> responseType = Http.single(params, "response_type");
        if (responseType.isEmpty()) {
            respond.error("invalid_request", "response_type is required");
            return;
        }
        boolean implicit = flaws.contains(Flaw.IMPLICIT_ALLOWED) && "token".equals(responseType.get());
        boolean hybrid = flaws.contains(Flaw.HYBRID_TOKEN_ALLOWED) && hybridWithToken(responseType.get());
        if (!"code".equals(responseType.get()) && !implicit && !hybrid) {
            respond.error("unsupported_response_type", "only response_type=code is supported");
            return;
        }
        Optional<String> responseMode = Http.single(params, "response_mode");
        if (responseMode.filter(m -> !m.equals("query") && !m.equals(WebMessage.MODE)).isPresent()) {
            respond.error("invalid_request", "only response_mode=query and web_message are supported");
            return;
        }
        boolean webMessage = responseMode.filter(WebMessage.MODE::equals).isPresent() && !implicit && !hybrid;
        respond.webMessage = webMessage;
        AuthorizationRequest request;
        try {
            request = AuthorizationRequest.parse(params);
        } catch (ParseException e) {
            respond.error("invalid_request", "malformed authorization request");
            return;
        }
        if (!request.getResponseType().equals(ResponseType.CODE) && !implicit && !hybrid) {
            respond.error("unsupported_response_type", "only response_type=code is supported");
            return;
        }

        // PKCE (RFC 7636 §4.3, RFC 9700 §2.1.1): S256 required; an absent method means plain
        String challenge = request.getCodeChallenge() == null ? null : request.getCodeChallenge().getValue();
        String method = null;
        if (challenge == null) {
            if (!flaws.contains(Flaw.PKCE_OPTIONAL) && !flaws.contains(Flaw.PKCE_DOWNGRADE_ACCEPTED)) {
                respond.error("invalid_request", "code_challenge is required (PKCE, S256)");
                return;
            }
        } else {
            CodeChallengeMethod m = request.getCodeChallengeMethod() == null ? CodeChallengeMethod.PLAIN
                    : request.getCodeChallengeMethod();
            boolean plainOk = flaws.contains(Flaw.PKCE_PLAIN_ADVERTISED) || flaws.contains(Flaw.PKCE_PLAIN_ACCEPTED);
            if (m.equals(CodeChallengeMethod.S256) && S256_CHALLENGE.matcher(challenge).matches()) {
                method = "S256";
            } else if (m.equals(CodeChallengeMethod.PLAIN) && plainOk && PLAIN_CHALLENGE.matcher(challenge).matches()) {
                method = "plain";
            } else {
                respond.error("invalid_request", "code_challenge_method must be S256 with a valid code_challenge");
                return;
            }
        }

        List<String> requestedScope = request.getScope() == null ? client.defaultScope() : request.getScope().toStringList();
        List<String> scope = new ArrayList<>();
        for (String s : requestedScope) {
            boolean verbatimOnly = flaws.contains(Flaw.V2_SCOPES_REFUSED) && Downscope.resourceSpecificV2(s);
            if (client.allowedScope().contains(s) || !verbatimOnly && SmartScope.allowed(s, client.allowedScope())
                    || flaws.contains(Flaw.SCOPE_UNCHECKED)) {
                scope.add(s);
                continue;
            }
            // SMART "Wildcard scopes": what the registration allows of a wider SMART scope is granted, and said so
            List<String> reduced = verbatimOnly ? List.of() : Downscope.reduce(s, client.allowedScope());
            if (reduced.isEmpty()) {
                respond.error("invalid_scope", "scope not allowed for this client");
                return;
            }
            reduced.stream().filter(r -> !scope.contains(r)).forEach(scope::add);
        }
        if (flaws.contains(Flaw.SCOPE_GRANTS_REGISTERED)) {
            // interop (SMART App Launch: the granted scope may differ from the request): the client's whole registered
            // SMART scope replaces any narrower SMART scope asked for; the token response states it
            scope.removeIf(s -> SmartScope.parse(s).isPresent());
            client.allowedScope().stream().filter(a -> SmartScope.parse(a).isPresent()).forEach(scope::add);
        }
        if (Http.single(params, "aud").filter(a -> !a.equals(fhirBase)).isPresent() && !flaws.contains(Flaw.AUD_UNCHECKED)) {
            respond.error("invalid_request", "aud does not name this server's FHIR base");
            return;
        }
        List<String> prompt = Http.single(params, "prompt").map(p -> Arrays.asList(p.split(" "))).orElse(List.of());
        if (flaws.contains(Flaw.PROMPT_NONE_IGNORED)) {
            prompt = prompt.stream().filter(p -> !p.equals("none")).toList();
        }
        if (prompt.contains("none") && prompt.size() > 1) {
            respond.error("invalid_request", "prompt=none cannot be combined with other values");
            return;
        }
        Long maxAge = null;
        if (params.containsKey("max_age")) {
            try {
                maxAge = Long.parseLong(Http.single(params, "max_age").orElse("x"));
            } catch (NumberFormatException e) {
                respond.error("invalid_request", "max_age must be a number of seconds");
                return;
            }
        }

        Instant now = tokens.now();
        registry.sweep(now);
        Registry.Session session = Http.cookie(ex, SESSION_COOKIE).map(registry.sessions::get)
                .filter(s -> s.created.plusSeconds(Registry.SESSION_SECONDS).isAfter(now)).orElse(null);
        boolean authenticated = session != null && session.user != null
                && (maxAge == null || flaws.contains(Flaw.MAX_AGE_IGNORED) || !session.authTime.plusSeconds(maxAge).isBefore(now));
        Registry.Transaction tx = new Registry.Transaction(tokens.opaque(), client, redirectUri, state, List.copyOf(scope),
                Http.single(params, "nonce").orElse(null), challenge, method, now.plusSeconds(TX_SECONDS));
        String consentKey = consentKey(client, scope);
        if (implicit) {
            implicitTransactions.add(tx.id());
        }
        if (hybrid) {
            hybridTransactions.add(tx.id());
        }
        if (webMessage) {
            webMessageTransactions.add(tx.id());
        }
        if (flaws.contains(Flaw.SCOPE_RESPONSE_ECHOES_REQUEST) && !scope.equals(requestedScope)) {
            echoedScopes.put(tx.id(), List.copyOf(requestedScope));
        }

        if (prompt.contains("none")) {
            if (!authenticated) {
                respond.error("login_required", "no authenticated session");
            } else if (!session.consents.contains(consentKey)) {
                respond.error("consent_required", "consent needed");
            } else {
                issueCode(respond, tx, session);
            }
            return;
        }
        if (session == null) {
            session = newSession();
            setSessionCookie(ex, session);
        }
        if (authenticated && (!prompt.contains("login") || flaws.contains(Flaw.PROMPT_LOGIN_IGNORED))) {
            if (session.consents.contains(consentKey) && !prompt.contains("consent")) {
                issueCode(respond, tx, session);
                return;
            }
            session.transactions.put(tx.id(), tx);
            Http.html(ex, 200, Pages.consent(tx.id(), session.csrf, client.clientId(), scope,
                    flaws.contains(Flaw.CONSENT_SCOPE_CHECKBOXES)));
            return;
        }
        session.transactions.put(tx.id(), tx);
        if (flaws.contains(Flaw.LOGIN_BROWSER_SNIFFING) && !approvedDesktopBrowser(ex.getRequestHeaders().getFirst("User-Agent"))) {
            Http.html(ex, 200, Pages.page("Unsupported browser", "<p id=\"unsupported\">This browser is not supported. "
                    + "Please sign in from a supported desktop browser.</p>"));
            return;
        }
        Http.html(ex, 200, Pages.login(tx.id(), session.csrf, false, flaws.contains(Flaw.LOGIN_SUBMIT_RENAMED)));
    }

    /** Flaw state-encoded-500: whether the raw state parameter (query or form) holds a percent-encoded character. */
    private static boolean encodedState(String rawQuery, String body) {
        for (String raw : new String[] {rawQuery, body}) {
            for (String pair : raw == null ? new String[0] : raw.split("&")) {
                if (pair.startsWith("state=") && pair.indexOf('%') >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Flaw redirect-decoded-path: a registered redirect URI followed by '/' and an encoded traversal (..%2f) is decoded
     * and normalized, so the response goes to another path; any other value is returned unchanged.
     */
    private static String decodedTraversal(Registry.Client client, String requested) {
        if (requested == null || !requested.toLowerCase(java.util.Locale.ROOT).contains("..%2f")) {
            return requested;
        }
        for (URI registered : client.redirectUris()) {
            if (requested.startsWith(registered + "/")) {
                String decoded = requested.replaceAll("(?i)%2f", "/");
                try {
                    URI resolved = new URI(decoded).normalize();
                    return resolved.toString();
                } catch (URISyntaxException e) {
                    return requested;
                }
            }
        }
        return requested;
    }

    /** The flaw's sniffing: anything whose User-Agent does not name a phone or tablet counts as an approved desktop browser. */
    private static boolean approvedDesktopBrowser(String userAgent) {
        return userAgent == null || !userAgent.matches(".*(Mobile|Android|iPhone|iPad).*");
    }

    void login(HttpExchange ex) throws Exception {
        Http.requireMethod(ex, "POST");
        Map<String, List<String>> form = Http.params(ex, Http.body(ex));
        if (flaws.contains(Flaw.LOGIN_CSRF) && unverifiedLogin(ex, form)) {
            return;
        }
        Registry.Session session = checkedSession(ex, form);
        if (session == null) {
            return;
        }
        Registry.Transaction tx = transaction(ex, session, form);
        if (tx == null) {
            return;
        }
        Registry.User user = Http.single(form, "username").map(registry::user).orElse(null);
        String password = Http.single(form, "password").orElse("");
        if (refusedAsConcurrent(ex, user, tx, session)) {
            return;
        }
        // RFC 6819 §5.1.4.2.5: a tar pit holds the answer (interop switch login-tar-pit, instead of the lock below)
        long tarPit = user == null ? 0 : strongLogin.tarPitMillis(user.username());
        if (tarPit > 0) {
            try {
                Thread.sleep(tarPit);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // RFC 6819 §5.1.4.2.3: a locked account is refused without comparing the password
        if (user != null && strongLogin.locked(user.username())) {
            Http.html(ex, 200, Pages.login(tx.id(), session.csrf, true, flaws.contains(Flaw.LOGIN_SUBMIT_RENAMED)));
            return;
        }
        if (user == null || !MessageDigest.isEqual(user.password().getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8))) {
            if (user != null) {
                strongLogin.failed(user.username());
            }
            Http.html(ex, 200, Pages.login(tx.id(), session.csrf, true, flaws.contains(Flaw.LOGIN_SUBMIT_RENAMED)));
            return;
        }
        strongLogin.succeeded(user.username());
        // a new session id (and CSRF token) at login prevents session fixation
        Registry.Session fresh = newSession();
        fresh.transactions.put(tx.id(), tx);
        registry.sessions.remove(session.id);
        setSessionCookie(ex, fresh);
        if (strongLogin.needsSecondFactor(registry, user)) {
            fresh.pendingUser = user;
            Http.redirect(ex, 303, "/login/totp?tx=" + Http.enc(tx.id()));
            return;
        }
        fresh.user = user;
        fresh.authTime = tokens.now();
        fresh.amr = strongLogin.passwordAmr(registry, user);
        afterAuthentication(ex, fresh, tx);
    }

    /** Interop switch consent-scope-checkboxes: the transaction with only the scopes whose box the user ticked. */
    private Registry.Transaction tickedScopes(Registry.Transaction tx, Map<String, List<String>> form) {
        if (!flaws.contains(Flaw.CONSENT_SCOPE_CHECKBOXES)) {
            return tx;
        }
        List<String> ticked = form.getOrDefault("scope", List.of());
        return new Registry.Transaction(tx.id(), tx.client(), tx.redirectUri(), tx.state(),
                tx.scope().stream().filter(ticked::contains).toList(), tx.nonce(), tx.codeChallenge(),
                tx.codeChallengeMethod(), tx.expires());
    }

    /** Accounts whose sign-in is being verified now (interop switch one-login-at-a-time). */
    private final java.util.Set<String> signInsUnderWay = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** How long the switch's verification of a sign-in takes (a slow password hash under a per-account lock). */
    private static final long SIGN_IN_WORK_MS = 300;

    /**
     * Interop switch one-login-at-a-time: as servers with brute-force protection do, a sign-in of an account that arrives
     * while another sign-in of the same account is being verified is refused with a page error, whatever its password.
     */
    private boolean refusedAsConcurrent(HttpExchange ex, Registry.User user, Registry.Transaction tx, Registry.Session session)
            throws IOException {
        if (user == null || !flaws.contains(Flaw.ONE_LOGIN_AT_A_TIME)) {
            return false;
        }
        if (!signInsUnderWay.add(user.username())) {
            Http.html(ex, 200, Pages.login(tx.id(), session.csrf, "Another sign-in of this account is in progress. Try again later.",
                    flaws.contains(Flaw.LOGIN_SUBMIT_RENAMED)));
            return true;
        }
        try {
            Thread.sleep(SIGN_IN_WORK_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            signInsUnderWay.remove(user.username());
        }
        return false;
    }

    /** {@code /login/totp}: the second factor (RFC 6238) of a user whose password was right. */
    void totp(HttpExchange ex) throws Exception {
        Http.requireMethod(ex, "GET", "POST");
        boolean get = "GET".equals(ex.getRequestMethod());
        Map<String, List<String>> form = get ? Http.query(ex) : Http.params(ex, Http.body(ex));
        Registry.Session session = get ? Http.cookie(ex, SESSION_COOKIE).map(registry.sessions::get).orElse(null)
                : checkedSession(ex, form);
        if (session == null || session.pendingUser == null) {
            if (get || session != null) {
                Http.html(ex, 400, Pages.error("Sign in first."));
            }
            return;
        }
        Registry.Transaction tx = transaction(ex, session, form);
        if (tx == null) {
            return;
        }
        Registry.User user = session.pendingUser;
        if (get) {
            Http.html(ex, 200, StrongLogin.totpPage(tx.id(), session.csrf, false));
            return;
        }
        String secret = registry.totpSecrets.get(user.username());
        if (strongLogin.locked(user.username()) || secret == null
                || !strongLogin.totpMatches(secret, Http.single(form, "totp").orElse(""))) {
            strongLogin.failed(user.username());
            Http.html(ex, 200, StrongLogin.totpPage(tx.id(), session.csrf, true));
            return;
        }
        session.pendingUser = null;
        session.user = user;
        session.authTime = tokens.now();
        session.amr = List.of("pwd", "otp", "mfa");
        afterAuthentication(ex, session, tx);
    }

    /** After a complete login: the consent page (or, with the CONSENT_SKIPPED flaw, the code at once). */
    private void afterAuthentication(HttpExchange ex, Registry.Session session, Registry.Transaction tx) throws IOException {
        if (flaws.contains(Flaw.CONSENT_SKIPPED) && session.transactions.remove(tx.id()) != null) {
            session.consents.add(consentKey(tx.client(), tx.scope()));
            issueCode(responder(ex, 303, tx), tx, session);
            return;
        }
        Http.redirect(ex, 303, "/consent?tx=" + Http.enc(tx.id()));
    }

    /**
     * {@code /logout}, the end_session_endpoint (OpenID Connect RP-Initiated Logout 1.0 §2): ends the login session;
     * redirects only to a post_logout_redirect_uri registered for the client that client_id names, else shows a page.
     */
    void logout(HttpExchange ex) throws Exception {
        Http.requireMethod(ex, "GET", "POST");
        Map<String, List<String>> params = Http.params(ex, "POST".equals(ex.getRequestMethod()) ? Http.body(ex) : "");
        Http.cookie(ex, SESSION_COOKIE).ifPresent(id -> {
            if (!flaws.contains(Flaw.LOGOUT_KEEPS_SESSION)) {
                registry.sessions.remove(id);
            }
        });
        if (!flaws.contains(Flaw.LOGOUT_KEEPS_SESSION)) {
            ex.getResponseHeaders().add("Set-Cookie", SESSION_COOKIE + "=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0");
        }
        Optional<String> target = Http.single(params, "post_logout_redirect_uri");
        Registry.Client client = Http.single(params, "client_id").map(registry::client).orElse(null);
        if (target.isPresent() && client != null
                && client.redirectUris().stream().anyMatch(u -> u.toString().equals(target.get()))) {
            Map<String, String> p = Http.ordered();
            Http.single(params, "state").ifPresent(st -> p.put("state", st));
            Http.redirect(ex, 302, Http.appendQuery(target.get(), p));
            return;
        }
        Http.html(ex, 200, StrongLogin.signedOut());
    }

    void consent(HttpExchange ex) throws Exception {
        Http.requireMethod(ex, "GET", "POST");
        if (CrossSite.consentByGet(ex)) {
            consentByGet(ex);
            return;
        }
        if ("GET".equals(ex.getRequestMethod())) {
            Registry.Session session = Http.cookie(ex, SESSION_COOKIE).map(registry.sessions::get).orElse(null);
            if (session == null || session.user == null) {
                Http.html(ex, 400, Pages.error("Your session has expired. Start again from the application."));
                return;
            }
            Registry.Transaction tx = transaction(ex, session, Http.query(ex));
            if (tx != null) {
                Http.html(ex, 200, Pages.consent(tx.id(), session.csrf, tx.client().clientId(), tx.scope(),
                        flaws.contains(Flaw.CONSENT_SCOPE_CHECKBOXES)));
            }
            return;
        }
        Map<String, List<String>> form = Http.params(ex, Http.body(ex));
        Registry.Session session = checkedSession(ex, form);
        if (session == null) {
            return;
        }
        if (session.user == null) {
            Http.html(ex, 400, Pages.error("Sign in first."));
            return;
        }
        Registry.Transaction tx = transaction(ex, session, form);
        if (tx == null) {
            return;
        }
        if (session.transactions.remove(tx.id()) == null) {
            Http.html(ex, 400, Pages.error("This authorization request was already answered."));
            return;
        }
        Responder respond = responder(ex, flaws.contains(Flaw.REDIRECT_307) ? 307 : 303, tx);
        String decision = Http.single(form, "decision").orElse("");
        if ("approve".equals(decision)) {
            tx = tickedScopes(tx, form);
            session.consents.add(consentKey(tx.client(), tx.scope()));
            issueCode(respond, tx, session);
        } else {
            respond.error("access_denied", "the user denied the request");
        }
    }

    /**
     * Flaw login-csrf: when the CSRF token or the transaction does not match the browser's session (as in a login
     * form posted by another site), valid credentials still sign the browser in, with a fresh session.
     */
    private boolean unverifiedLogin(HttpExchange ex, Map<String, List<String>> form) throws IOException {
        Registry.Session session = Http.cookie(ex, SESSION_COOKIE).map(registry.sessions::get).orElse(null);
        boolean verified = session != null && MessageDigest.isEqual(Http.single(form, "csrf").orElse("").getBytes(StandardCharsets.UTF_8),
                session.csrf.getBytes(StandardCharsets.UTF_8)) && Http.single(form, "tx").map(session.transactions::get).isPresent();
        Registry.User user = Http.single(form, "username").map(registry::user).orElse(null);
        if (verified || user == null || !MessageDigest.isEqual(user.password().getBytes(StandardCharsets.UTF_8),
                Http.single(form, "password").orElse("").getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        Registry.Session fresh = newSession();
        fresh.user = user;
        fresh.authTime = tokens.now();
        setSessionCookie(ex, fresh);
        Http.html(ex, 200, Pages.signedIn());
        return true;
    }

    /** Flaw consent-csrf: a GET with a decision answers the session's latest pending request, with no CSRF token. */
    private void consentByGet(HttpExchange ex) throws IOException {
        Registry.Session session = Http.cookie(ex, SESSION_COOKIE).map(registry.sessions::get).orElse(null);
        if (session == null || session.user == null) {
            Http.html(ex, 400, Pages.error("Sign in first."));
            return;
        }
        Registry.Transaction tx = session.transactions.values().stream().filter(t -> t.expires().isAfter(tokens.now()))
                .max(java.util.Comparator.comparing(Registry.Transaction::expires)).orElse(null);
        if (tx == null || session.transactions.remove(tx.id()) == null) {
            Http.html(ex, 400, Pages.error("This authorization request is unknown or has expired."));
            return;
        }
        Responder respond = responder(ex, 303, tx);
        if ("approve".equals(Http.single(Http.query(ex), "decision").orElse(""))) {
            session.consents.add(consentKey(tx.client(), tx.scope()));
            issueCode(respond, tx, session);
        } else {
            respond.error("access_denied", "the user denied the request");
        }
    }

    private void issueCode(Responder respond, Registry.Transaction tx, Registry.Session session) throws IOException {
        Registry.Grant grant = new Registry.Grant(tokens.opaque(), tx.client(), session.user, tx.scope(), session.authTime);
        if (flaws.contains(Flaw.GRANT_PER_SESSION)) {
            grant.family = session.id + " " + tx.client().clientId();
        }
        grant.amr = session.amr;
        grant.reportedScope = echoedScopes.remove(tx.id());
        webMessageTransactions.remove(tx.id());
        if (hybridTransactions.remove(tx.id())) {
            issueHybrid(respond, tx, grant);
            return;
        }
        if (implicitTransactions.remove(tx.id())) {
            // the IMPLICIT_ALLOWED flaw: RFC 6749 §4.2, the access token in the fragment
            tokenInFragment(respond, tx, grant, null);
            return;
        }
        String code = flaws.contains(Flaw.LOW_ENTROPY_CODES)
                ? String.format("%08x", java.util.concurrent.ThreadLocalRandom.current().nextInt()) : tokens.authorizationCode();
        int lifetime = "second".equals(tx.client().role()) ? Tokens.SECOND_CLIENT_CODE_SECONDS : Tokens.CODE_SECONDS;
        registry.codes.put(code, new Registry.Code(tx, grant, tokens.now().plusSeconds(lifetime)));
        Map<String, String> p = Http.ordered();
        p.put("code", code);
        respond.send(p);
    }

    /**
     * The HYBRID_TOKEN_ALLOWED flaw: OIDC Core §3.3.2.5, a code and an access token together in the redirect's fragment
     * (RFC 9700 §2.1.2: response types that put an access token in the authorization response SHOULD NOT be used).
     */
    private void issueHybrid(Responder respond, Registry.Transaction tx, Registry.Grant grant) throws IOException {
        String code = tokens.opaque();
        registry.codes.put(code, new Registry.Code(tx, grant, tokens.now().plusSeconds(Tokens.CODE_SECONDS)));
        tokenInFragment(respond, tx, grant, code);
    }

    /** An access token (and {@code code}, with iss, when not null) in the fragment of a redirect: the implicit and hybrid flaws. */
    private void tokenInFragment(Responder respond, Registry.Transaction tx, Registry.Grant grant, String code) throws IOException {
        Map<String, String> p = Http.ordered();
        if (code != null) {
            p.put("code", code);
        }
        try {
            p.put("access_token", tokens.accessToken(grant, tx.scope()));
        } catch (Exception e) {
            throw new IOException("cannot mint an access token", e);
        }
        p.put("token_type", "Bearer");
        p.put("state", respond.state);
        if (code != null) {
            p.put("iss", issuer);
        }
        Http.redirect(respond.ex, respond.status, tx.redirectUri() + "#" + Http.appendQuery("", p).substring(1));
    }

    /** {@code code token} or {@code code id_token token}, in any order: hybrid response types that return an access token. */
    private static boolean hybridWithToken(String responseType) {
        List<String> parts = new ArrayList<>(Arrays.asList(responseType.trim().split(" +")));
        parts.sort(null);
        return parts.equals(List.of("code", "token")) || parts.equals(List.of("code", "id_token", "token"));
    }

    /** A responder for a stored transaction: its redirect URI and state, and its response mode. */
    private Responder responder(HttpExchange ex, int status, Registry.Transaction tx) {
        Responder r = new Responder(ex, status, tx.redirectUri(), tx.state());
        r.webMessage = webMessageTransactions.remove(tx.id());
        return r;
    }

    private Registry.Session checkedSession(HttpExchange ex, Map<String, List<String>> form) throws IOException {
        Registry.Session session = Http.cookie(ex, SESSION_COOKIE).map(registry.sessions::get).orElse(null);
        if (session == null) {
            Http.html(ex, 400, Pages.error("Your session has expired. Start again from the application."));
            return null;
        }
        String csrf = Http.single(form, "csrf").orElse("");
        if (!MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8), session.csrf.getBytes(StandardCharsets.UTF_8))) {
            Http.html(ex, 403, Pages.error("The form was not valid (CSRF check failed)."));
            return null;
        }
        return session;
    }

    private Registry.Transaction transaction(HttpExchange ex, Registry.Session session, Map<String, List<String>> params)
            throws IOException {
        Registry.Transaction tx = Http.single(params, "tx").map(session.transactions::get).orElse(null);
        if (tx == null || tx.expires().isBefore(tokens.now())) {
            Http.html(ex, 400, Pages.error("This authorization request is unknown or has expired."));
            return null;
        }
        return tx;
    }

    private Registry.Session newSession() {
        Registry.Session s = new Registry.Session(tokens.opaque(), tokens.opaque());
        registry.sessions.put(s.id, s);
        return s;
    }

    private static void setSessionCookie(HttpExchange ex, Registry.Session session) {
        ex.getResponseHeaders().set("Set-Cookie", SESSION_COOKIE + "=" + session.id + "; Path=/; Secure; HttpOnly; SameSite=Lax");
    }

    private static String consentKey(Registry.Client client, List<String> scope) {
        List<String> sorted = new ArrayList<>(scope);
        sorted.sort(null);
        return client.clientId() + " " + String.join(" ", sorted);
    }

    /** {@link #redirectAllowed}, but with the loopback flaws for the native client. */
    private boolean nativeRedirectAllowed(Registry.Client client, String candidate) {
        if (!"native".equals(client.role())) {
            return redirectAllowed(client, candidate);
        }
        if (flaws.contains(Flaw.LOOPBACK_PORT_FIXED)) {
            return client.redirectUris().stream().anyMatch(r -> r.toString().equals(candidate));
        }
        if (flaws.contains(Flaw.LOOPBACK_PATH_IGNORED)) {
            try {
                URI u = new URI(candidate);
                if (client.redirectUris().stream().anyMatch(r -> "http".equals(u.getScheme()) && r.getHost().equals(u.getHost()))) {
                    return true;
                }
            } catch (URISyntaxException e) {
                return false;
            }
        }
        return redirectAllowed(client, candidate);
    }

    /**
     * Exact string match (RFC 9700 §4.1.3), except that for a registered loopback IP literal http URI any port is
     * accepted (RFC 8252 §7.3).
     */
    static boolean redirectAllowed(Registry.Client client, String candidate) {
        for (URI registered : client.redirectUris()) {
            if (registered.toString().equals(candidate)) {
                return true;
            }
            String host = registered.getHost();
            if ("http".equals(registered.getScheme()) && ("127.0.0.1".equals(host) || "[::1]".equals(host))) {
                try {
                    URI u = new URI(candidate);
                    String rebuilt = "http://" + host + (u.getPort() == -1 ? "" : ":" + u.getPort()) + registered.getRawPath()
                            + (registered.getRawQuery() == null ? "" : "?" + registered.getRawQuery());
                    if (rebuilt.equals(candidate) && host.equals(u.getHost()) && u.getRawUserInfo() == null) {
                        return true;
                    }
                } catch (URISyntaxException e) {
                    // not a URI: no match
                }
            }
        }
        return false;
    }

    /** Sends authorization responses to a verified redirect URI, with iss (RFC 9207) and state. */
    private final class Responder {
        private final HttpExchange ex;
        private final int status;
        private final String redirectUri;
        private final String state;

        Responder(HttpExchange ex, int status, String redirectUri, String state) {
            this.ex = ex;
            this.status = status;
            this.redirectUri = redirectUri;
            this.state = state;
        }

        boolean errorsAsPage;
        /** response_mode=web_message: the response is a page that posts it to the client's origin, not a redirect. */
        boolean webMessage;

        void error(String code, String description) throws IOException {
            if (errorsAsPage) {
                Http.html(ex, 400, Pages.error("The application's request was refused (" + code + "). Sign in to the "
                        + "application again."));
                return;
            }
            Map<String, String> p = Http.ordered();
            p.put("error", code);
            p.put("error_description", description);
            send(p);
        }

        void send(Map<String, String> p) throws IOException {
            if (!flaws.contains(Flaw.STATE_DROPPED)) {
                p.put("state", state);
            }
            if (!flaws.contains(Flaw.ISS_MISSING)) {
                p.put("iss", issuer);
            }
            if (webMessage) {
                WebMessage.respond(ex, redirectUri, p, flaws.contains(Flaw.WEB_MESSAGE_ANY_ORIGIN));
                return;
            }
            Http.redirect(ex, status, Http.appendQuery(redirectUri, p));
        }
    }
}
