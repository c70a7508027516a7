package org.hitcert.checks.clientauth;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.Checks;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.AssertionForms;
import org.hitcert.support.ClientAssertions;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.UntrustedKeys;

/**
 * Sends client_credentials requests authenticated by private_key_jwt assertions for the candidate's backend client
 * (or another private_key_jwt client it names), after proving that the baseline assertion is accepted, so that a
 * refusal of a variant can only be due to the one thing the variant changed.
 */
final class AssertionProbe {

    private final CheckContext ctx;
    private final ClientSpec client;
    private final ClientAssertions assertions;
    private final URI tokenEndpoint;

    private AssertionProbe(CheckContext ctx, ClientSpec client, ClientAssertions assertions, URI tokenEndpoint) {
        this.ctx = ctx;
        this.client = client;
        this.assertions = assertions;
        this.tokenEndpoint = tokenEndpoint;
    }

    /** The probe for the candidate's backend client; NOT_APPLICABLE when its metadata offers no private_key_jwt. */
    static AssertionProbe open(CheckContext ctx) {
        URI token = ctx.target().endpoint("token").orElseThrow(() -> new Inconclusive("the candidate states no token endpoint"));
        ClientSpec client = keyClients(ctx).stream().findFirst().orElseThrow(() -> {
            boolean offered = ctx.target().discovery().map(d -> Checks.arrayContains(d, "token_endpoint_auth_methods_supported",
                    "private_key_jwt")).orElse(true);
            return offered ? Checks.noClient("backend", "a client with auth-method private_key_jwt and a private-key (the "
                    + "candidate offers private_key_jwt)")
                    : new NotApplicable("token_endpoint_auth_methods_supported does not list private_key_jwt");
        });
        return new AssertionProbe(ctx, client, assertionsFor(client, token), token);
    }

    /** The probe for {@code client}, whichever role it has. */
    static AssertionProbe of(CheckContext ctx, ClientSpec client) {
        URI token = ctx.target().endpoint("token").orElseThrow(() -> new Inconclusive("the candidate states no token endpoint"));
        return new AssertionProbe(ctx, client, assertionsFor(client, token), token);
    }

    /** The same probe for another private_key_jwt client. */
    AssertionProbe forClient(ClientSpec other) {
        return new AssertionProbe(ctx, other, assertionsFor(other, tokenEndpoint), tokenEndpoint);
    }

    /** Roles of clients that do the code flow: they authenticate at the token endpoint but do not use client_credentials. */
    static final List<String> CODE_ROLES = List.of("confidential", "confidential-jwt");
    /** Roles of clients registered with a jwks_uri the suite serves itself; only the JWKS-cache check uses them. */
    static final List<String> HOSTED_JWKS_ROLES = List.of("backend-jwks-uri");

    /**
     * The candidate's private_key_jwt clients that come with a private key and use client_credentials, the backend client
     * first (code-flow clients and clients whose JWKS the suite hosts are left out).
     */
    static List<ClientSpec> keyClients(CheckContext ctx) {
        List<ClientSpec> out = new ArrayList<>();
        ctx.target().clients("backend").stream().filter(AssertionProbe::usable).forEach(out::add);
        ctx.target().clients().stream().filter(AssertionProbe::usable).filter(c -> !out.contains(c))
                .filter(c -> !CODE_ROLES.contains(c.role()) && !HOSTED_JWKS_ROLES.contains(c.role())).forEach(out::add);
        return out;
    }

    /** The candidate's code-flow clients that authenticate with private_key_jwt and come with a private key. */
    static List<ClientSpec> codeKeyClients(CheckContext ctx) {
        return ctx.target().clients().stream().filter(AssertionProbe::usable).filter(c -> CODE_ROLES.contains(c.role())).toList();
    }

    private static boolean usable(ClientSpec c) {
        return c.authMethod().equals("private_key_jwt") && c.privateKey().isPresent();
    }

    static ClientAssertions assertionsFor(ClientSpec client, URI tokenEndpoint) {
        String jwk = client.privateKey().flatMap(s -> s.resolve(System::getenv)).orElseThrow(() -> new Inconclusive(
                "the private key of client '" + client.role() + "' is not available: set " + client.privateKey().orElseThrow()));
        return ClientAssertions.of(jwk, client.clientId(), tokenEndpoint);
    }

    /** An RSA key the candidate has never seen ({@link UntrustedKeys}: shipped, since generating one is slow). */
    static com.nimbusds.jose.jwk.RSAKey freshRsa() {
        return UntrustedKeys.rsa(UntrustedKeys.Purpose.CLIENT_ASSERTION, "hitcert-attacker-rsa");
    }

    ClientSpec client() {
        return client;
    }

    ClientAssertions assertions() {
        return assertions;
    }

    URI tokenEndpoint() {
        return tokenEndpoint;
    }

    /**
     * A client_credentials request carrying {@code assertion}; {@code extra} name/value pairs are appended. Carries
     * client_id too when the server was seen to need it ({@link AssertionForms}), unless {@code extra} names one.
     */
    HttpExchange send(String assertion, String... extra) {
        List<String> form = new ArrayList<>(List.of("grant_type", "client_credentials", "scope", client.scope(),
                "client_assertion_type", ClientAssertions.JWT_BEARER, "client_assertion", assertion));
        form.addAll(List.of(extra));
        return sendForm(form.toArray(String[]::new));
    }

    /** A POST of {@code form} to the token endpoint, with client_id added when the server needs it and none is named. */
    HttpExchange sendForm(String... form) {
        List<String> all = new ArrayList<>(List.of(form));
        boolean named = false;
        for (int i = 0; i < all.size(); i += 2) {
            named |= all.get(i).equals("client_id");
        }
        if (!named && needsClientId()) {
            all.addAll(List.of("client_id", client.clientId()));
        }
        return ctx.http().acceptingThrottles().send(HttpRequestSpec.postForm(tokenEndpoint, all.toArray(String[]::new)));
    }

    private boolean needsClientId() {
        return AssertionForms.known(tokenEndpoint, client.clientId()).map(AssertionForms.Form::clientId).orElse(false);
    }

    /**
     * Issue 18 A6: a baseline refused with invalid_client and no client_id is sent once more with client_id (RFC 7521
     * §4.2 makes it optional, yet some servers need it); the form that worked is remembered for the client, so every
     * later private_key_jwt request of it (these probes, ClientAuth) carries client_id or not alike.
     */
    private TokenAnswer withClientIdIfNeeded(String assertion, TokenAnswer refused) {
        if (refused.tokenIssued() || refused.throttled() || !refused.invalidClient()
                || AssertionForms.known(tokenEndpoint, client.clientId()).isPresent()) {
            if (refused.tokenIssued()) {
                AssertionForms.learned(tokenEndpoint, client.clientId(), new AssertionForms.Form(assertions.audience(), needsClientId()));
            }
            return refused;
        }
        TokenAnswer with = TokenAnswer.of(ctx.http().acceptingThrottles().send(HttpRequestSpec.postForm(tokenEndpoint, "grant_type",
                "client_credentials", "scope", client.scope(), "client_assertion_type", ClientAssertions.JWT_BEARER,
                "client_assertion", assertion, "client_id", client.clientId())));
        if (with.tokenIssued()) {
            AssertionForms.learned(tokenEndpoint, client.clientId(), new AssertionForms.Form(assertions.audience(), true));
            ctx.note("client_id", "the server refused client " + client.clientId() + "'s baseline assertion without a client_id "
                    + "parameter (" + refused.describe() + ") and accepted it with one: every later private_key_jwt request "
                    + "of this client carries client_id (RFC 7521 §4.2 makes it optional)");
        }
        return with.tokenIssued() ? with : refused;
    }

    /**
     * Serialises the probes of one client at one token endpoint within the run: a server that throttles a client after
     * failures would otherwise lock it for one check because of another check's variants, and no check could prove
     * anything. Held while a probe waits for a lock to lapse (with a sleep, not {@link CheckContext#pause}: a paused
     * holder could wait for a place that the checks queued behind it hold).
     */
    private static final Map<String, java.util.concurrent.locks.ReentrantLock> CLIENT_LOCKS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private <T> T exclusively(Supplier<T> work) {
        java.util.concurrent.locks.ReentrantLock lock = CLIENT_LOCKS.computeIfAbsent(tokenEndpoint + " " + client.clientId(),
                k -> new java.util.concurrent.locks.ReentrantLock(true));
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends a fresh baseline assertion, waiting out a throttle (429, 503 or Retry-After) within {@link RefusalProof}'s
     * bounds: the answer, accepted or refused for another reason than a throttle; INCONCLUSIVE when the throttle lasts.
     */
    TokenAnswer baselineUnlessLocked() {
        return exclusively(() -> baseline(null, new ArrayList<>(), new Duration[] {Duration.ZERO}, false));
    }

    /**
     * Sends {@code first} (null: a fresh baseline) as the baseline, and again while a throttle (429, 503 or Retry-After)
     * lasts, within {@link RefusalProof}'s bounds (the same assertion, so that a caller can replay the one accepted);
     * each answer goes into {@code steps}. With {@code required}, INCONCLUSIVE when no baseline is accepted.
     */
    private TokenAnswer baseline(String first, List<RefusalProof.Step> steps, Duration[] waited, boolean required) {
        String assertion = first != null ? first : assertions.baseline().sign();
        TokenAnswer b = withClientIdIfNeeded(assertion, TokenAnswer.of(send(assertion)));
        steps.add(RefusalProof.Step.baseline(b));
        while (!b.tokenIssued()) {
            if (!b.throttled() && !required) {
                return b;
            }
            if (!b.throttled()) {
                throw new Inconclusive("the baseline assertion for client '" + client.clientId() + "' (alg "
                        + assertions.baselineAlg() + ", registered kid, iss = sub = client_id, aud = " + assertions.audience()
                        + ", exp now+60 s, fresh jti) was refused with " + b.describe()
                        + ", so a refusal of a forged variant would prove nothing");
            }
            TokenAnswer locked = b;
            Duration wait = RefusalProof.waitFor(locked, waited[0]).orElseThrow(() -> new Inconclusive("client '"
                    + client.clientId() + "' is throttled or locked: the valid baseline assertion was refused with "
                    + locked.describe() + ", and " + RefusalProof.gaveUp(locked, waited[0]) + "; run the check again when "
                    + "the lock has lapsed"));
            sleep(wait);
            waited[0] = waited[0].plus(wait);
            b = TokenAnswer.of(send(assertion));
            steps.add(RefusalProof.Step.baseline(b));
        }
        return b;
    }

    private void sleep(Duration wait) {
        ctx.note("throttled", "waiting " + wait.toSeconds() + " s for client " + client.clientId() + "'s lock to lapse");
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Inconclusive("interrupted while waiting for client " + client.clientId() + "'s lock to lapse");
        }
    }

    /**
     * Sends the valid baseline, each variant (mutation name → request), and the baseline again; FAILs naming every variant
     * that released an access token; PASSes only when every refusal is bracketed by accepted baselines. When the baseline
     * is refused after the variants (the server throttled or locked the client), waits for the lock to lapse (its
     * Retry-After, bounded) and tries the unproven variants again one at a time, each followed by the baseline; what
     * stays unproven makes the check INCONCLUSIVE, naming the lock. A refusal with another code than invalid_client is
     * noted as a protocol finding, not a FAIL.
     */
    void expectAllRefused(Map<String, Supplier<HttpExchange>> variants, String requirement) {
        expectAllRefused(null, variants, requirement);
    }

    /** As {@link #expectAllRefused(Map, String)}, sending {@code firstBaseline} (null: a fresh one) as the first baseline. */
    void expectAllRefused(String firstBaseline, Map<String, Supplier<HttpExchange>> variants, String requirement) {
        RefusalProof.Outcome outcome = probeAll(firstBaseline, variants);
        switch (outcome.kind()) {
            case FAIL -> throw fail(outcome.reason() + "; expected invalid_client and no token (" + requirement + ")");
            case INCONCLUSIVE -> throw new Inconclusive(outcome.reason());
            default -> ctx.pass(outcome.reason());
        }
    }

    /**
     * The baseline, the variants and the baseline again, with the retries {@link #expectAllRefused(Map, String)} makes,
     * decided by {@link RefusalProof}; notes the order of the answers and any code other than invalid_client.
     */
    RefusalProof.Outcome probeAll(String firstBaseline, Map<String, Supplier<HttpExchange>> variants) {
        List<RefusalProof.Step> steps = new ArrayList<>();
        Map<String, TokenAnswer> last = new LinkedHashMap<>();
        exclusively(() -> {
            Duration[] waited = {Duration.ZERO};
            baseline(firstBaseline, steps, waited, true);
            variants.forEach((mutation, request) -> {
                TokenAnswer a = TokenAnswer.of(request.get());
                last.put(mutation, a);
                steps.add(RefusalProof.Step.variant(mutation, a));
            });
            if (last.values().stream().anyMatch(TokenAnswer::tokenIssued)) {
                return null; // a FAIL whatever the baseline does next
            }
            steps.add(RefusalProof.Step.baseline(TokenAnswer.of(send(assertions.baseline().sign()))));
            retry:
            while (!RefusalProof.unproven(steps).isEmpty()) {
                TokenAnswer lock = RefusalProof.lastRefusedBaseline(steps).orElseThrow();
                Optional<Duration> wait = RefusalProof.waitFor(lock, waited[0]);
                if (wait.isEmpty()) {
                    ctx.note("gave up waiting", RefusalProof.gaveUp(lock, waited[0]));
                    break;
                }
                sleep(wait.get());
                waited[0] = waited[0].plus(wait.get());
                TokenAnswer b = TokenAnswer.of(send(assertions.baseline().sign()));
                steps.add(RefusalProof.Step.baseline(b));
                if (!b.tokenIssued()) {
                    continue;
                }
                for (String mutation : RefusalProof.unproven(steps)) {
                    TokenAnswer a = TokenAnswer.of(variants.get(mutation).get());
                    last.put(mutation, a);
                    steps.add(RefusalProof.Step.variant(mutation, a));
                    if (a.tokenIssued()) {
                        break retry;
                    }
                    TokenAnswer after = TokenAnswer.of(send(assertions.baseline().sign()));
                    steps.add(RefusalProof.Step.baseline(after));
                    if (!after.tokenIssued()) {
                        continue retry;
                    }
                }
            }
            return null;
        });
        RefusalProof.Outcome outcome = RefusalProof.decide(steps);
        protocolNote(last).ifPresent(n -> ctx.note("error code", n + " (SMART asymmetric client authentication and RFC 6749 "
                + "§5.2 name invalid_client for a failed client authentication)"));
        if (steps.size() > variants.size() + 2) {
            ctx.note("baselines", steps.size() + " answers in order: " + String.join("; ", steps.stream()
                    .map(st -> st.variant().orElse("baseline") + " → " + st.answer().describe()).toList()));
        }
        return outcome;
    }

    /** Refusals with another code than invalid_client (the last answer of each variant), for a note; empty when none. */
    static Optional<String> protocolNote(Map<String, TokenAnswer> answers) {
        List<String> otherCode = new ArrayList<>();
        answers.forEach((mutation, a) -> {
            if (!a.tokenIssued() && !a.invalidClient()) {
                otherCode.add(mutation + " → " + a.describe());
            }
        });
        return otherCode.isEmpty() ? Optional.empty()
                : Optional.of("refused, but not with invalid_client: " + String.join("; ", otherCode));
    }
}
