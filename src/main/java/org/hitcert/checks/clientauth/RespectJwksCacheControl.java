package org.hitcert.checks.clientauth;

import static org.hitcert.checks.Checks.fail;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.util.List;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Checks;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.ClientAssertions;
import org.hitcert.support.HostedJwks;
import org.hitcert.support.Pkce;

/**
 * SMART asymmetric client authentication: a server caches a client's JWKS (registered by jwks_uri) no longer than the
 * JWKS response's Cache-Control allows. The suite serves the JWKS of the candidate's {@code backend-jwks-uri} client
 * itself, at {@code <callback origin>/hitcert-client-jwks/<client_id>.json} with {@code Cache-Control: max-age=0}
 * (register that URL as the client's jwks_uri), first holding the key the candidate file declares. A baseline assertion
 * signed with it must authenticate; then the JWKS is rotated to a fresh key: an assertion signed with the new key must
 * authenticate and one signed with the removed key must not. NOT_APPLICABLE when the metadata offers no
 * private_key_jwt or the candidate file declares no such client.
 */
public final class RespectJwksCacheControl implements Check {

    static final String ROLE = "backend-jwks-uri";

    @Override
    public CheckInfo info() {
        return new CheckInfo("clientauth.assertion.jwks-cache", "A rotated client JWKS is honoured as its Cache-Control says",
                List.of("jwks-cached-forever"), List.of(), false)
                .locking("hosted-jwks") // both rewrite the client JWKS the suite hosts for the candidate to fetch
                .takesLong(); // a deliberate wait for the cached JWKS to expire: started early, it does not end the run
    }

    /**
     * What the answers after the rotation decide: the new key's, the removed key's, and the new key's again (the positive
     * control after the refusal: a server that locks the client after a failure refuses it too).
     */
    static RefusalProof.Outcome decide(TokenAnswer rotated, TokenAnswer removed, TokenAnswer after) {
        if (removed.tokenIssued()) {
            return new RefusalProof.Outcome(RefusalProof.Kind.FAIL, "after the key was removed from the client's JWKS (served "
                    + "with Cache-Control: max-age=0), an assertion signed with the removed key still authenticated ("
                    + removed.describe() + "): a stale JWKS cache trusts a key the client withdrew", List.of());
        }
        if (!rotated.tokenIssued() && rotated.throttled()) {
            return new RefusalProof.Outcome(RefusalProof.Kind.INCONCLUSIVE, "the assertion signed with the new key was "
                    + "answered " + rotated.describe() + ": the client is throttled, so nothing is shown", List.of("new key"));
        }
        if (!rotated.tokenIssued()) {
            return new RefusalProof.Outcome(RefusalProof.Kind.FAIL, "after the client's JWKS (served with Cache-Control: "
                    + "max-age=0) was rotated to a new key, an assertion signed with the new key was refused ("
                    + rotated.describe() + "): the server kept the old JWKS", List.of());
        }
        if (!after.tokenIssued()) {
            return new RefusalProof.Outcome(RefusalProof.Kind.INCONCLUSIVE, "the removed key was refused (" + removed.describe()
                    + "), but so was the new key right after (" + after.describe() + "): the server throttled or locked the "
                    + "client, so the refusal may be the lock's", List.of("removed key"));
        }
        return new RefusalProof.Outcome(RefusalProof.Kind.PASS, "after rotating the JWKS (max-age=0) the new key "
                + "authenticated (" + rotated.describe() + "), the removed key was refused (" + removed.describe()
                + ") and the new key authenticated again (" + after.describe() + ")", List.of());
    }

    @Override
    public void run(CheckContext ctx) throws Exception {
        boolean offered = ctx.target().discovery().map(d -> Checks.arrayContains(d, "token_endpoint_auth_methods_supported",
                "private_key_jwt")).orElse(true);
        if (!offered) {
            throw new NotApplicable("token_endpoint_auth_methods_supported does not list private_key_jwt");
        }
        ClientSpec client = ctx.target().client(ROLE).filter(c -> c.authMethod().equals("private_key_jwt") && c.privateKey().isPresent())
                .orElseThrow(() -> Checks.noClient(ROLE, "a client registered by jwks_uri (role " + ROLE
                        + ", auth-method private_key_jwt, private-key: its first key; register jwks_uri "
                        + HostedJwks.uriFor(ctx.target().callback(), "<client_id>") + ")"));
        AssertionProbe probe = AssertionProbe.of(ctx, client);
        ClientAssertions a = probe.assertions();
        JWK declared = a.privateKey();
        JWK fresh = declared instanceof RSAKey ? AssertionProbe.freshRsa()
                : new ECKeyGenerator(((com.nimbusds.jose.jwk.ECKey) declared).getCurve()).keyID("hitcert-rotated-" + Pkce.random(6)).generate();
        JWSAlgorithm alg = declared instanceof RSAKey ? a.baselineAlg() : ClientAssertions.algFor(fresh);
        try (HostedJwks jwks = HostedJwks.serve(ctx.target().callback(), client.clientId(), new JWKSet(declared))
                .orElseThrow(() -> new Inconclusive("the suite's callback server (" + ctx.target().callback() + ") is not running in "
                        + "this process, so the client's JWKS cannot be served"))) {
            TokenAnswer baseline = probe.baselineUnlessLocked();
            int fetched = HostedJwks.fetchesEver(jwks.uri());
            if (!baseline.tokenIssued()) {
                throw new Inconclusive("the baseline assertion of client " + client.clientId() + ", signed with the key its JWKS at "
                        + jwks.uri() + " holds, was refused (" + baseline.describe() + "; the JWKS was fetched " + fetched
                        + " time(s) in this run): is the client registered with that jwks_uri, and can the candidate reach "
                        + "the suite there?");
            }
            if (fetched == 0) {
                throw new Inconclusive("the baseline assertion of client " + client.clientId() + " authenticated, but the JWKS "
                        + "the suite hosts at " + jwks.uri() + " was never fetched in this run: the candidate takes the client's "
                        + "keys from elsewhere (register jwks_uri " + jwks.uri() + "), so a rotation there would prove nothing");
            }
            int before = jwks.fetches();
            jwks.replace(new JWKSet(fresh));
            ctx.pause(java.time.Duration.ofSeconds(1)); // whole seconds: a max-age of 0 has passed on any clock
            java.util.function.Supplier<TokenAnswer> withFresh = () -> TokenAnswer.of(probe.send(a.baseline()
                    .header(h -> h.keyID(fresh.getKeyID())).signWith(fresh, alg).sign()));
            TokenAnswer rotated = withFresh.get();
            TokenAnswer removed = TokenAnswer.of(probe.send(a.baseline().sign()));
            TokenAnswer after = rotated.tokenIssued() && !removed.tokenIssued() ? withFresh.get() : rotated;
            ctx.note("JWKS fetches", jwks.uri() + " was fetched " + before + " time(s) before the rotation and "
                    + (jwks.fetches() - before) + " after");
            RefusalProof.Outcome outcome = decide(rotated, removed, after);
            switch (outcome.kind()) {
                case FAIL -> throw fail(outcome.reason() + "; expected the new key accepted and the removed key refused (SMART "
                        + "asymmetric client authentication: a JWKS is cached no longer than its Cache-Control allows)");
                case INCONCLUSIVE -> throw new Inconclusive(outcome.reason());
                default -> ctx.pass("client " + client.clientId() + ": the declared key authenticated (" + baseline.describe()
                        + ", the JWKS fetched " + fetched + " time(s)); " + outcome.reason());
            }
        }
    }
}
