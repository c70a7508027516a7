package org.hitcert.support;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.LoginStep;
import org.hitcert.model.Candidate.UserSpec;

/**
 * Drives the authorization code flow (RFC 6749 §4.1 with PKCE, RFC 7636) as a client would: the
 * authorization request in the real browser, the candidate's login and consent pages through the login
 * automation, the response caught at the suite's redirect URI, and the code redeemed over HTTP.
 */
public final class CodeFlow {

    private final Target target;
    private final Http http;
    private final java.util.function.Supplier<BrowserSession> browserSource;
    private BrowserSession browser;
    /** The run's signed-in sessions, for a check that needs a code and not a login of its own; else null. */
    private final SignedInSessions sessions;
    private final ClientAuth auth;
    private final Redactor redactor;
    private final Function<String, String> environment;
    private final Duration stepTimeout;
    /** The run's login turns ({@link UserLogins}: one login per account at a time); null: logins take no turn. */
    private final UserLogins logins;
    /** Whether requests it may answer over a signed-in session ask for offline_access ({@link #withoutOfflineAccess}). */
    private final boolean offlineAccess;

    public CodeFlow(Target target, Http http, BrowserSession browser, ClientAuth auth, Redactor redactor,
                    Function<String, String> environment, Duration stepTimeout) {
        this(target, http, () -> browser, auth, redactor, environment, stepTimeout, null);
    }

    /**
     * A flow whose browser is taken from {@code browser} only when a request needs it, and which answers requests over
     * the run's signed-in sessions where it can when {@code sessions} is not null (see {@link #sharing}).
     */
    public CodeFlow(Target target, Http http, java.util.function.Supplier<BrowserSession> browser, ClientAuth auth,
                    Redactor redactor, Function<String, String> environment, Duration stepTimeout, SignedInSessions sessions) {
        this(target, http, browser, auth, redactor, environment, stepTimeout, sessions, null, true);
    }

    private CodeFlow(Target target, Http http, java.util.function.Supplier<BrowserSession> browser, ClientAuth auth,
                     Redactor redactor, Function<String, String> environment, Duration stepTimeout, SignedInSessions sessions,
                     UserLogins logins, boolean offlineAccess) {
        this.logins = logins;
        this.offlineAccess = offlineAccess;
        this.target = target;
        this.http = http;
        this.browserSource = browser;
        this.auth = auth;
        this.redactor = redactor;
        this.environment = environment;
        this.stepTimeout = stepTimeout;
        this.sessions = sessions;
    }

    /**
     * This flow for a check that needs "a valid code" and not a login of its own: an ordinary authorization request
     * (response_type=code, the candidate's login steps, no prompt, max_age or other interaction parameter) is first
     * sent over the run's signed-in session of the same user ({@link SignedInSessions}), and done in the browser only
     * when the server wants the user for it; a browser flow that logs the user in gives the run that session.
     */
    public CodeFlow sharing(SignedInSessions signedIn) {
        return new CodeFlow(target, http, browserSource, auth, redactor, environment, stepTimeout, signedIn, logins,
                offlineAccess);
    }

    /**
     * This flow, for a check that reads no refresh token ({@link org.hitcert.checks.CheckInfo#readsRefreshTokens}): the
     * requests it may answer over a signed-in session ({@link #sharing}) ask for the client's scope without
     * offline_access ({@link #scopeWithoutOfflineAccess}). A server may answer offline_access with a new login and
     * consent every time (OpenID Connect Core §11), and such a check has no use for the refresh token.
     */
    public CodeFlow withoutOfflineAccess() {
        return new CodeFlow(target, http, browserSource, auth, redactor, environment, stepTimeout, sessions, logins, false);
    }

    /**
     * {@code scope} without the value offline_access (OpenID Connect Core §11: it asks for a refresh token, and a server
     * may ask the user again for it); {@code scope} itself when it holds no other value.
     */
    public static String scopeWithoutOfflineAccess(String scope) {
        java.util.List<String> values = java.util.Arrays.asList(scope.trim().split("\\s+"));
        java.util.List<String> kept = values.stream().filter(v -> !v.equals("offline_access")).toList();
        return kept.isEmpty() ? scope : String.join(" ", kept);
    }

    /**
     * This flow, taking its account's turn among the run's logins ({@link UserLogins}) for every login it runs in the
     * browser: a server with brute-force protection refuses concurrent logins of one account.
     */
    public CodeFlow takingTurns(UserLogins turns) {
        return new CodeFlow(target, http, browserSource, auth, redactor, environment, stepTimeout, sessions, turns,
                offlineAccess);
    }

    /**
     * {@code user}'s turn among the run's browser logins, held until closed: waits while another login of the same
     * account is under way ({@link UserLogins#MAX_WAIT} at most). A check whose own browser work logs the user in
     * without this flow (a login form posted from another page, say) holds it meanwhile. Empty when the wait was in
     * vain; a flow without turns gets one that holds nothing.
     */
    public Optional<UserLogins.Turn> loginTurn(UserSpec user) {
        return logins == null ? Optional.of(UserLogins.Turn.NONE) : logins.take(user.username(), UserLogins.MAX_WAIT);
    }

    /** What a login that did not get its turn says. */
    private static String noTurn(UserSpec user) {
        return "another login of the " + user.role() + " user's account (" + user.username() + ") in this run did not end"
                + " within " + UserLogins.MAX_WAIT.toSeconds() + " s; the suite logs an account in once at a time";
    }

    private synchronized BrowserSession browser() {
        if (browser == null) {
            browser = browserSource.get();
        }
        return browser;
    }

    /**
     * The outcome of an authorization request.
     *
     * @param request    the request URL sent (contains no secret)
     * @param redirected whether the browser reached the redirect URI
     * @param response   the parameters of the authorization response (query, or fragment when the query is empty)
     * @param fragment   the fragment parameters (a token there is a finding in itself)
     * @param landedAt   where the browser ended
     * @param ending     how the request ended, decided once for every check ({@link AuthorizationEnding}): a refusal is
     *                   never "the browser did not reach the redirect URI"
     */
    public record Authorization(URI request, String state, Pkce pkce, String nonce, URI redirectUri, boolean redirected,
                                Map<String, String> response, Map<String, String> fragment, String landedAt,
                                Optional<String> loginProblem, AuthorizationEnding ending) {

        public Optional<String> param(String name) {
            return Optional.ofNullable(response.get(name));
        }
    }

    /** The standard parameters for {@code client}; {@code overrides} replace them, a null value removes one. */
    public Map<String, String> standardParams(ClientSpec client, String state, Pkce pkce, String nonce) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", client.clientId());
        p.put("redirect_uri", redirectUri(client).toString());
        p.put("scope", sessions != null && !offlineAccess ? scopeWithoutOfflineAccess(client.scope()) : client.scope());
        p.put("state", state);
        p.put("code_challenge", pkce.challenge());
        p.put("code_challenge_method", "S256");
        if ((" " + client.scope() + " ").contains(" openid ")) {
            p.put("nonce", nonce);
        }
        target.fhirBase().ifPresent(aud -> p.put("aud", aud.toString()));
        return p;
    }

    /** {@link #standardParams} with {@code overrides} applied (a null value removes a parameter). */
    private Map<String, String> applied(ClientSpec client, Map<String, String> overrides, String state, Pkce pkce, String nonce) {
        Map<String, String> params = standardParams(client, state, pkce, nonce);
        overrides.forEach((k, v) -> {
            if (v == null) {
                params.remove(k);
            } else {
                params.put(k, v);
            }
        });
        if (sessions != null && !offlineAccess && params.get("scope") != null) {
            params.put("scope", scopeWithoutOfflineAccess(params.get("scope")));
        }
        return params;
    }

    private static String[] pairs(Map<String, String> params) {
        return params.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new);
    }

    private URI authorizationEndpoint() {
        return target.endpoint("authorization").orElseThrow(() -> new IllegalStateException(
                "the candidate states no authorization endpoint (discovery or candidate file)"));
    }

    public URI redirectUri(ClientSpec client) {
        return client.redirectUris().isEmpty() ? target.callback() : client.redirectUris().get(0);
    }

    /** Runs an authorization request for {@code client} as {@code user}, with {@code overrides} applied. */
    public Authorization authorize(ClientSpec client, UserSpec user, Map<String, String> overrides) {
        return authorize(client, user, overrides, null);
    }

    /**
     * As {@link #authorize(ClientSpec, UserSpec, Map)}, but the flow ends as soon as the browser is at a URL that
     * {@code stopAt} accepts (instead of at the redirect URI the request names); {@code redirected} then says
     * whether the final URL was accepted. Used when the request names a URI the server must not redirect to.
     */
    public Authorization authorize(ClientSpec client, UserSpec user, Map<String, String> overrides,
                                   Function<String, Boolean> stopAt) {
        return authorize(client, user, overrides, stopAt, target.login());
    }

    /**
     * As {@link #authorize(ClientSpec, UserSpec, Map, Function)}, with {@code steps} instead of the candidate's login
     * steps (e.g. without its consent steps, or with a wrong password).
     */
    public Authorization authorize(ClientSpec client, UserSpec user, Map<String, String> overrides,
                                   Function<String, Boolean> stopAt, java.util.List<LoginStep> steps) {
        String state = overrides.containsKey("state") ? overrides.get("state") : Pkce.random(16);
        Pkce pkce = Pkce.s256();
        String nonce = Pkce.random(16);
        Map<String, String> params = applied(client, overrides, state, pkce, nonce);
        URI endpoint = authorizationEndpoint();
        URI request = HttpRequestSpec.withQuery(endpoint, pairs(params));
        URI redirect = URI.create(params.getOrDefault("redirect_uri", redirectUri(client).toString()));
        http.requireAllowed(request);
        boolean shareable = sessions != null && stopAt == null && steps == target.login() && SignedInSessions.replayable(params);
        if (shareable) {
            Optional<SignedInSessions.Replay> replay = sessions.replay(http, user.role(), request, url -> atRedirect(url, redirect));
            if (replay.isPresent()) {
                return replayed(request, state, pkce, nonce, redirect, user, replay.get());
            }
            // a consent over the signed-in session is no login: it needs no turn (servers limit concurrent logins, and
            // on a server that asks consent every time, turns taken for consents made every flow of the run wait in line)
            Optional<Authorization> consented = consentOnly(request, state, pkce, nonce, redirect, user, endpoint);
            if (consented.isPresent()) {
                return consented.get();
            }
        }
        Optional<UserLogins.Turn> turn = shareable ? loginTurn(user) : Optional.empty();
        if (shareable && turn.isEmpty()) {
            return new Authorization(request, state, pkce, nonce, redirect, false, Map.of(), Map.of(), "", Optional.of(noTurn(user)),
                    AuthorizationEnding.of(AuthorizationEnding.Kind.UNDECIDED, noTurn(user)));
        }
        try {
            if (shareable && turn.get().waited()) {
                Optional<Authorization> signedIn = overNewerSession(request, state, pkce, nonce, redirect, user, endpoint);
                if (signedIn.isPresent()) {
                    return signedIn.get();
                }
            }
            if (shareable && browser().visited()) {
                browser().clearSession(); // an earlier flow of this check may have signed in: the login steps expect a fresh visitor
            }
            browser().open(request);
            Authorization done = complete(request, state, pkce, nonce, redirect, user, stopAt, steps);
            if (shareable && done.redirected() && done.param("code").isPresent() && done.loginProblem().isEmpty()) {
                sessions.capture(user.role(), browser(), endpoint);
            }
            return done;
        } finally {
            turn.ifPresent(UserLogins.Turn::close);
        }
    }

    /**
     * For a shared flow in its user's login turn after another login of the user held it: that login's session is
     * tried (over HTTP, then for the consent alone, {@link #consentOnly}) before a login of its own. Empty when
     * neither gave a code.
     */
    private Optional<Authorization> overNewerSession(URI request, String state, Pkce pkce, String nonce, URI redirect,
                                                     UserSpec user, URI endpoint) {
        Optional<SignedInSessions.Replay> replay = sessions.replay(http, user.role(), request, url -> atRedirect(url, redirect));
        if (replay.isPresent()) {
            return Optional.of(replayed(request, state, pkce, nonce, redirect, user, replay.get()));
        }
        return consentOnly(request, state, pkce, nonce, redirect, user, endpoint);
    }

    /**
     * For a shared flow that no signed-in session answered over HTTP, when the candidate's steps mark a consent page:
     * the browser is given the user's session that answered a request most recently (its cookies) and does only the
     * consent steps, since what the server wants is most often a consent for this client or scope, not another login.
     * Empty when that did not end at the redirect URI with a code (the server wanted the login after all, say), or
     * there is no session or no DevTools to hand it over: the caller then logs in from a fresh session, as before.
     */
    private Optional<Authorization> consentOnly(URI request, String state, Pkce pkce, String nonce, URI redirect,
                                                UserSpec user, URI endpoint) {
        java.util.List<LoginStep> consent = target.login().stream().filter(LoginStep::consent)
                .map(st -> new LoginStep(st.action(), st.selector(), st.value(), true, st.location(), true)).toList();
        Optional<SignedInSessions.Jar> session = sessions.latest(user.role());
        if (consent.isEmpty() || session.isEmpty()) {
            return Optional.empty();
        }
        if (browser().visited()) {
            browser().clearSession();
        }
        if (!browser().addCookies(session.get().cookies())) {
            return Optional.empty();
        }
        Function<String, Boolean> arrived = url -> atRedirect(url, redirect);
        browser().open(request);
        try {
            // a consent step may use the placeholders too (a consent page that asks for the user's name, say)
            String password = user.password().resolve(environment).orElse("");
            if (!password.isEmpty()) {
                redactor.register(password, "password");
            }
            browser().login(consent, loginValues(user, password), arrived, stepTimeout, Duration.ZERO);
        } catch (BrowserSession.LoginStepFailed e) {
            return Optional.empty(); // every step is optional here: not expected
        }
        boolean there = arrived.apply(browser().currentUrl())
                || !browser().performedSteps().isEmpty() && browser().awaitArrival(arrived, stepTimeout);
        String landed = browser().currentUrl();
        ResponseParams params = there ? readResponse(landed) : ResponseParams.NONE;
        if (params.response().get("code") == null) {
            http.evidence(new org.hitcert.model.Evidence("note", "consent over single sign-on did not answer", Map.of(
                    "text", "given the run's signed-in session of the " + user.role() + " user, the browser ended at "
                            + redactor.scrub(landed) + " without a code: the flow is done again with a login of its own")));
            browser().clearSession(); // the login that follows starts from a fresh visitor
            return Optional.empty();
        }
        browser().note("authorization response");
        http.evidence(new org.hitcert.model.Evidence("note", "authorization response (consent over single sign-on)",
                Map.of("text", "the browser was given the run's signed-in session of the " + user.role() + " user (its"
                        + " cookies after a login in another browser) and did only the candidate's consent steps ("
                        + browser().performedSteps().size() + " done): this check needs a code, not a login of its own.")));
        sessions.replace(user.role(), session.get(), browser(), endpoint);
        return Optional.of(new Authorization(request, state, pkce, nonce, redirect, true, params.response(),
                params.fragment(), redactor.scrub(landed), Optional.empty(),
                AuthorizationEnding.decide(AuthorizationEnding.Seen.atRedirect(params.response(), redactor.scrub(landed), request))));
    }

    /** An authorization response read from the redirect the server sent over a signed-in session. */
    private Authorization replayed(URI request, String state, Pkce pkce, String nonce, URI redirect, UserSpec user,
                                   SignedInSessions.Replay replay) {
        ResponseParams params = readResponse(replay.landedAt());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("text", "sent over the run's signed-in session of the " + user.role() + " user (the browser's cookies"
                + " and User-Agent after its login); the server redirected to the redirect URI without asking for the user."
                + " This check needs a code, not a login of its own.");
        details.put("url", redactor.scrub(replay.landedAt()));
        details.put("trail", replay.trail().stream().map(redactor::scrub).toList());
        http.evidence(new org.hitcert.model.Evidence("note", "authorization response (single sign-on)", details));
        return new Authorization(request, state, pkce, nonce, redirect, true, params.response(), params.fragment(),
                redactor.scrub(replay.landedAt()), Optional.empty(), AuthorizationEnding.decide(
                        AuthorizationEnding.Seen.atRedirect(params.response(), redactor.scrub(replay.landedAt()), request)));
    }

    /**
     * Continues an authorization request the caller has already sent in the browser (a hand-built URL, or a form
     * POST): runs the login automation until the browser is at {@code redirect} (or at a URL {@code stopAt} accepts,
     * when not null) and reads the response there.
     */
    public Authorization complete(URI request, String state, Pkce pkce, String nonce, URI redirect, UserSpec user,
                                  Function<String, Boolean> stopAt) {
        return complete(request, state, pkce, nonce, redirect, user, stopAt, target.login());
    }

    private Authorization complete(URI request, String state, Pkce pkce, String nonce, URI redirect, UserSpec user,
                                   Function<String, Boolean> stopAt, java.util.List<LoginStep> steps) {
        Function<String, Boolean> arrived = stopAt != null ? url -> url != null && stopAt.apply(url)
                : url -> atRedirect(url, redirect);
        String password = user.password().resolve(environment).orElseThrow(() -> new IllegalStateException(
                "the test user's password is not set: export " + user.password()));
        redactor.register(password, "password");
        Optional<String> loginProblem = Optional.empty();
        Optional<UserLogins.Turn> turn = loginTurn(user);
        if (turn.isEmpty()) {
            loginProblem = Optional.of(noTurn(user));
        } else {
            try (UserLogins.Turn t = turn.get()) {
                browser().login(steps, loginValues(user, password), arrived, stepTimeout);
            } catch (BrowserSession.LoginStepFailed e) {
                loginProblem = Optional.of(e.getMessage());
            }
        }
        String landed = browser().currentUrl();
        boolean redirected = arrived.apply(landed);
        if (!redirected && loginProblem.isEmpty()) {
            loginProblem = browser().loginNotFinished(steps); // the login page again, with what it says
        }
        ResponseParams params = redirected ? readResponse(landed) : ResponseParams.NONE;
        AuthorizationEnding.Seen seen;
        if (redirected) {
            browser().note("authorization response"); // the suite's own callback page: the URL trail says it all
            seen = AuthorizationEnding.Seen.atRedirect(params.response(), redactor.scrub(landed), request);
        } else {
            browser().screenshot("authorization stopped");
            seen = stoppedAt(request, landed, loginProblem, "authorization stopped");
        }
        return new Authorization(request, state, pkce, nonce, redirect, redirected, params.response(), params.fragment(),
                redactor.scrub(landed), loginProblem, AuthorizationEnding.decide(seen));
    }

    /** What the browser shows where a flow stopped short of the redirect URI: the input of {@link AuthorizationEnding}. */
    private AuthorizationEnding.Seen stoppedAt(URI request, String landed, Optional<String> loginProblem, String screenshot) {
        boolean formShown = firstLoginStep().map(st -> browser().shows(st.selector())).orElse(false);
        return new AuthorizationEnding.Seen(false, Map.of(), redactor.scrub(landed), request,
                browser().performedSteps().size(), loginProblem, formShown, browser().pageStatus(), browser().pageText(300),
                Optional.ofNullable(screenshot));
    }

    /** The candidate's first required login step: its element is the login form. */
    private Optional<LoginStep> firstLoginStep() {
        return target.login().stream().filter(st -> !st.optional()).findFirst();
    }

    /**
     * The outcome of a mutated authorization request and its positive control.
     *
     * @param authorization the mutated request's authorization (its code, when {@link #granted()})
     */
    public record Refusal(Authorization authorization, RefusalDecision decision) {

        /** The server answered the mutated request with a code (or a token): the check decides what that means. */
        public boolean granted() {
            return decision.outcome() == RefusalDecision.Outcome.GRANTED;
        }

        /** A recognised refusal, beside a positive control that got the login form or a code. */
        public boolean refused() {
            return decision.outcome() == RefusalDecision.Outcome.REFUSED;
        }

        /** Neither: what did not work is in {@link #reason()}. */
        public boolean inconclusive() {
            return decision.outcome() == RefusalDecision.Outcome.INCONCLUSIVE;
        }

        public String reason() {
            return decision.reason();
        }

        /** The error the mutated request was answered with at the redirect URI, if it was. */
        public Optional<String> error() {
            return decision.mutated().kind() == AuthorizationEnding.Kind.ERROR_REDIRECT ? authorization.param("error")
                    : Optional.empty();
        }
    }

    /**
     * Sends the authorization request for {@code client} and {@code user} with {@code mutation} applied (as
     * {@link #authorize(ClientSpec, UserSpec, Map)}), and, when it ended in what may be a refusal, the same request
     * without the mutation as positive control: over the run's signed-in session when this flow shares them (a code,
     * cheap), else in a fresh browser, which must be offered the login form (or, after an error page that followed a
     * login, a whole flow that must end with a code). Decided by {@link RefusalDecision}; both endings go to the evidence.
     *
     * @param what the mutation in words, for the reason ("no code_challenge")
     */
    public Refusal refusalOf(ClientSpec client, UserSpec user, Map<String, String> mutation, String what) {
        return refusalOf(client, user, mutation, what, client);
    }

    /**
     * As {@link #refusalOf(ClientSpec, UserSpec, Map, String)}, the positive control sent for {@code controlClient}
     * (when what is under test is the client itself, say one registered for another grant).
     */
    public Refusal refusalOf(ClientSpec client, UserSpec user, Map<String, String> mutation, String what,
                             ClientSpec controlClient) {
        if (sessions == null || !SignedInSessions.replayable(applied(client, mutation, "s", Pkce.s256(), "n"))) {
            freshVisitor(); // an earlier flow of this check may have signed in: a consent page is not "no login offered"
        }
        Authorization mutated = authorize(client, user, mutation);
        Optional<AuthorizationEnding> control = Optional.empty();
        if (mutated.ending().refusalLike()) {
            control = Optional.of(control(controlClient, user,
                    mutated.ending().kind() == AuthorizationEnding.Kind.ERROR_PAGE_AFTER_LOGIN));
        }
        RefusalDecision decision = RefusalDecision.decide(what, mutated.ending(), control);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("text", redactor.scrub(decision.reason()));
        details.put("mutated", redactor.scrub(mutated.ending().toString()));
        control.ifPresent(c -> details.put("positive control", redactor.scrub(c.toString())));
        http.evidence(new org.hitcert.model.Evidence("note", "refusal: " + decision.outcome().name().toLowerCase(java.util.Locale.ROOT),
                details));
        return new Refusal(mutated, decision);
    }

    /** {@link #refusalOf(ClientSpec, UserSpec, Map, String)}, the mutation named by its parameters. */
    public Refusal refusalOf(ClientSpec client, UserSpec user, Map<String, String> mutation) {
        return refusalOf(client, user, mutation, describe(mutation));
    }

    static String describe(Map<String, String> mutation) {
        return mutation.entrySet().stream().map(e -> e.getValue() == null ? "no " + e.getKey() : e.getKey() + "=" + e.getValue())
                .reduce((a, b) -> a + ", " + b).orElse("the unchanged request");
    }

    /**
     * A positive control for a check that sends its mutated requests itself (over HTTP, say): the standard request for
     * {@code client} and {@code user} gets the login form in a fresh browser, or a code over the signed-in session when
     * this flow shares them. Run once per flow and client; the ending says what it got ({@link AuthorizationEnding.Kind#CODE}
     * or {@link AuthorizationEnding.Kind#LOGIN_FORM} when it succeeded).
     */
    public AuthorizationEnding positiveControl(ClientSpec client, UserSpec user) {
        return control(client, user, false);
    }

    /** Positive controls that succeeded, by client and user: one per flow (check) is proof enough for its requests. */
    private final Map<String, AuthorizationEnding> controls = new java.util.concurrent.ConcurrentHashMap<>();

    /** The positive control: the same request without the mutation. */
    private AuthorizationEnding control(ClientSpec client, UserSpec user, boolean wholeFlow) {
        String key = client.clientId() + " " + user.role() + " " + wholeFlow;
        AuthorizationEnding known = controls.get(key);
        if (known != null) {
            return known;
        }
        AuthorizationEnding got = runControl(client, user, wholeFlow);
        if (got.kind() == AuthorizationEnding.Kind.CODE || got.kind() == AuthorizationEnding.Kind.LOGIN_FORM) {
            controls.put(key, got);
        }
        return got;
    }

    /**
     * The Cookie header the browser holds for {@code uri} (after a login in it: a signed-in session), its values
     * registered as secrets; empty where the browser offers no DevTools or holds no cookie for it.
     */
    public Optional<String> browserCookieHeader(URI uri) {
        return browser().cookiesFor(uri).flatMap(cookies -> {
            cookies.forEach(c -> redactor.register(c.value(), "cookie"));
            return cookies.stream().filter(c -> c.matches(uri)).map(c -> c.name() + "=" + c.value()).reduce((a, b) -> a + "; " + b);
        });
    }

    private AuthorizationEnding runControl(ClientSpec client, UserSpec user, boolean wholeFlow) {
        Optional<LoginStep> first = firstLoginStep();
        if (sessions != null || wholeFlow || first.isEmpty()) {
            if (sessions == null) {
                freshVisitor();
            }
            return authorize(client, user, Map.of()).ending();
        }
        freshVisitor();
        String state = Pkce.random(16);
        Pkce pkce = Pkce.s256();
        Map<String, String> params = applied(client, Map.of(), state, pkce, Pkce.random(16));
        URI request = HttpRequestSpec.withQuery(authorizationEndpoint(), pairs(params));
        URI redirect = URI.create(params.getOrDefault("redirect_uri", redirectUri(client).toString()));
        Function<String, Boolean> arrived = url -> atRedirect(url, redirect);
        http.requireAllowed(request);
        browser().open(request);
        LoginStep form = first.get();
        Optional<String> problem = Optional.empty();
        try {
            browser().login(java.util.List.of(new LoginStep(LoginStep.Action.WAIT_FOR, form.selector(), "", false,
                    form.location())), Map.of(), arrived, stepTimeout, Duration.ZERO);
        } catch (BrowserSession.LoginStepFailed e) {
            problem = Optional.of(e.getMessage());
        }
        String landed = browser().currentUrl();
        if (arrived.apply(landed)) {
            browser().note("positive control: authorization response");
            return AuthorizationEnding.decide(AuthorizationEnding.Seen.atRedirect(readResponse(landed).response(),
                    redactor.scrub(landed), request));
        }
        if (problem.isEmpty()) {
            browser().note("positive control: login form");
            return AuthorizationEnding.of(AuthorizationEnding.Kind.LOGIN_FORM, "the login form ('" + form.selector()
                    + "') was offered at " + AuthorizationEnding.withoutQuery(redactor.scrub(landed)));
        }
        browser().screenshot("positive control stopped");
        return AuthorizationEnding.decide(stoppedAt(request, landed, problem, "positive control stopped"));
    }

    /** Clears the browser's session if it visited a page (this check's other flows may have signed in), so that a login is offered. */
    private void freshVisitor() {
        if (browser().visited()) {
            browser().clearSession();
        }
    }

    /** The parameters of an authorization response URL: its query and its fragment. */
    private record ResponseParams(Map<String, String> query, Map<String, String> fragment) {
        static final ResponseParams NONE = new ResponseParams(Map.of(), Map.of());

        /** The response: the query, or the fragment when the query is empty. */
        Map<String, String> response() {
            return query.isEmpty() ? fragment : query;
        }
    }

    /** Reads the response parameters of {@code url}, registering any code or token in them as a secret. */
    private ResponseParams readResponse(String url) {
        ResponseParams params = ResponseParams.NONE;
        try {
            URI at = new URI(url);
            params = new ResponseParams(HttpRequestSpec.parseQuery(at.getRawQuery()), HttpRequestSpec.parseQuery(at.getRawFragment()));
        } catch (java.net.URISyntaxException e) {
            // not a URI: no parameters to read
        }
        for (Map<String, String> m : java.util.List.of(params.query(), params.fragment())) {
            for (String f : new String[] {"code", "access_token", "id_token", "refresh_token"}) {
                Optional.ofNullable(m.get(f)).ifPresent(c -> redactor.register(c, f.replace('_', ' ')));
            }
        }
        return params;
    }

    /**
     * The placeholders of login steps: {@code ${user.username}}, {@code ${user.password}}, and for a user with a TOTP
     * seed {@code ${user.totp}}, the RFC 6238 code of this moment (the seed registered as a secret).
     */
    private Map<String, String> loginValues(UserSpec user, String password) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("${user.username}", user.username());
        values.put("${user.password}", password);
        user.totpSecret().ifPresent(ref -> {
            String seed = ref.resolve(environment).orElseThrow(() -> new IllegalStateException(
                    "the " + user.role() + " user's TOTP secret is not set: export " + ref));
            redactor.register(seed, "TOTP secret");
            // the six-digit code is not registered: it is dead within 30 s, and masking every six-digit run in the
            // evidence (timestamps, ids) would blur the report
            values.put("${user.totp}", Totp.code(seed, System.currentTimeMillis() / 1000));
        });
        return values;
    }

    private static boolean atRedirect(String url, URI redirect) {
        if (url == null) {
            return false;
        }
        int cut = url.length();
        for (char c : new char[] {'?', '#'}) {
            int i = url.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return url.substring(0, cut).equals(redirect.toString());
    }

    /**
     * Redeems {@code code} at the token endpoint; {@code verifier} null sends none, {@code redirectUri} null sends no
     * redirect_uri. Extra form pairs may follow.
     */
    public HttpExchange redeem(ClientSpec client, String code, URI redirectUri, String verifier, String... extra) {
        java.util.List<String> form = new java.util.ArrayList<>(java.util.List.of("grant_type", "authorization_code",
                "code", code));
        if (redirectUri != null) {
            form.addAll(java.util.List.of("redirect_uri", redirectUri.toString()));
        }
        if (verifier != null) {
            form.addAll(java.util.List.of("code_verifier", verifier));
        }
        form.addAll(java.util.List.of(extra));
        // a private_key_jwt client's assertion adapts to the form the server needs (aud, client_id: AssertionForms)
        HttpExchange x = auth.send(http, target, client, tokenEndpoint(), form.toArray(String[]::new));
        x.json().ifPresent(json -> {
            for (String f : new String[] {"access_token", "refresh_token", "id_token"}) {
                if (json.hasNonNull(f)) {
                    redactor.register(json.get(f).asText(), f.replace('_', ' '));
                }
            }
        });
        return x;
    }

    public URI tokenEndpoint() {
        return target.endpoint("token").orElseThrow(() -> new IllegalStateException(
                "the candidate states no token endpoint (discovery or candidate file)"));
    }
}
