package org.hitcert.checks.clientauth;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
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

    /** A client_credentials request carrying {@code assertion}; {@code extra} name/value pairs are appended. */
    HttpExchange send(String assertion, String... extra) {
        List<String> form = new ArrayList<>(List.of("grant_type", "client_credentials", "scope", client.scope(),
                "client_assertion_type", ClientAssertions.JWT_BEARER, "client_assertion", assertion));
        form.addAll(List.of(extra));
        return ctx.http().send(HttpRequestSpec.postForm(tokenEndpoint, form.toArray(String[]::new)));
    }

    /** Sends the baseline assertion; INCONCLUSIVE when even that is refused (nothing else could then be decided). */
    TokenAnswer requireBaseline() {
        HttpExchange x = send(assertions.baseline().sign());
        TokenAnswer a = TokenAnswer.of(x);
        if (!a.tokenIssued()) {
            throw new Inconclusive("the baseline assertion for client '" + client.clientId() + "' (alg "
                    + assertions.baselineAlg() + ", registered kid, iss = sub = client_id, aud = " + tokenEndpoint
                    + ", exp now+60 s, fresh jti) was refused with " + a.describe()
                    + ", so a refusal of a forged variant would prove nothing");
        }
        return a;
    }

    /**
     * Sends each variant (mutation name → request) and FAILs naming every variant that released an access token;
     * a refusal with another code than invalid_client is noted as a protocol finding, not a FAIL.
     */
    void expectAllRefused(Map<String, Supplier<HttpExchange>> variants, String requirement) {
        Map<String, TokenAnswer> answers = new LinkedHashMap<>();
        variants.forEach((mutation, request) -> answers.put(mutation, TokenAnswer.of(request.get())));
        Verdict v = decide(answers);
        v.protocolNote().ifPresent(n -> ctx.note("error code", n + " (SMART asymmetric client authentication and RFC 6749 §5.2 "
                + "name invalid_client for a failed client authentication)"));
        if (v.failure().isPresent()) {
            throw fail(v.failure().get() + "; expected invalid_client and no token (" + requirement + ")");
        }
        ctx.pass(v.passReason());
    }

    record Verdict(Optional<String> failure, Optional<String> protocolNote, String passReason) {
    }

    /** The decision over the answers, by mutation: any token released fails; other codes than invalid_client are noted. */
    static Verdict decide(Map<String, TokenAnswer> answers) {
        List<String> accepted = new ArrayList<>();
        List<String> otherCode = new ArrayList<>();
        List<String> all = new ArrayList<>();
        answers.forEach((mutation, a) -> {
            all.add(mutation + " → " + a.describe());
            if (a.tokenIssued()) {
                accepted.add(mutation + " → " + a.describe());
            } else if (!a.invalidClient()) {
                otherCode.add(mutation + " → " + a.describe());
            }
        });
        Optional<String> failure = accepted.isEmpty() ? Optional.empty()
                : Optional.of("the token endpoint accepted an assertion that differs from the valid baseline in one thing: "
                        + String.join("; ", accepted));
        Optional<String> note = otherCode.isEmpty() ? Optional.empty()
                : Optional.of("refused, but not with invalid_client: " + String.join("; ", otherCode));
        return new Verdict(failure, note, "every variant was refused with no token: " + String.join("; ", all));
    }
}
