package org.hitcert.checks.clientauth;

import static org.hitcert.checks.Checks.fail;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Checks;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.ClientAssertions;
import org.hitcert.support.HostedJwks;

/**
 * SMART asymmetric client authentication (keys are selected by kid among the client's registered JWKS), RFC 7517 §4.5
 * (kids within a set SHOULD differ), RFC 8725 §3.10: when the client's JWKS holds two keys under one kid, the server may
 * refuse the ambiguity or try each of those keys, but never accepts a signature by a key the JWKS does not hold. The suite
 * serves the {@code backend-jwks-uri} client's JWKS (see {@link RespectJwksCacheControl}) with the declared key and a
 * second key under the same kid, then sends assertions signed with each (either outcome is noted) and one signed with an
 * unregistered key under that kid (must be refused).
 */
public final class RefuseUnregisteredKeyUnderDuplicateKid implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("clientauth.assertion.duplicate-kid",
                "With two JWKS keys under one kid, only a registered key can authenticate",
                List.of("jwks-duplicate-kid-unverified", "assertion-signature-unchecked"), List.of(), false)
                .locking("hosted-jwks") // both rewrite the client JWKS the suite hosts for the candidate to fetch
                .takesLong(); // a deliberate wait for the cached JWKS to expire: started early, it does not end the run
    }

    @Override
    public void run(CheckContext ctx) throws Exception {
        boolean offered = ctx.target().discovery().map(d -> Checks.arrayContains(d, "token_endpoint_auth_methods_supported",
                "private_key_jwt")).orElse(true);
        if (!offered) {
            throw new NotApplicable("token_endpoint_auth_methods_supported does not list private_key_jwt");
        }
        ClientSpec client = ctx.target().client(RespectJwksCacheControl.ROLE)
                .filter(c -> c.authMethod().equals("private_key_jwt") && c.privateKey().isPresent())
                .orElseThrow(() -> Checks.noClient(RespectJwksCacheControl.ROLE, "a client registered by jwks_uri (role "
                        + RespectJwksCacheControl.ROLE + "), so the suite cannot serve a JWKS with a duplicate kid"));
        AssertionProbe probe = AssertionProbe.of(ctx, client);
        ClientAssertions a = probe.assertions();
        JWK declared = a.privateKey();
        String kid = declared.getKeyID();
        JWK twin = declared instanceof RSAKey ? new RSAKey.Builder(AssertionProbe.freshRsa()).keyID(kid).build()
                : new ECKeyGenerator(((ECKey) declared).getCurve()).keyID(kid).generate();
        ECKey attacker = new ECKey.Builder(ClientAssertions.attackerKey()).keyID(kid).build();
        try (HostedJwks jwks = HostedJwks.serve(ctx.target().callback(), client.clientId(), new JWKSet(List.of(declared, twin)))
                .orElseThrow(() -> new Inconclusive("the suite's callback server (" + ctx.target().callback() + ") is not running in "
                        + "this process, so the client's JWKS cannot be served"))) {
            ctx.pause(java.time.Duration.ofSeconds(1)); // whole seconds: a JWKS cached by an earlier check (max-age=0) has expired on any clock
            TokenAnswer first = probe.baselineUnlessLocked();
            int fetched = HostedJwks.fetchesEver(jwks.uri());
            if (!first.tokenIssued() || fetched == 0) {
                // the positive case first: the registered key accepted and the JWKS fetched, else a refusal proves nothing
                throw new Inconclusive("with two keys under kid " + kid + " at " + jwks.uri() + ", the registered key's baseline "
                        + "assertion got " + first.describe() + " and that JWKS was fetched " + fetched + " time(s) in this run: "
                        + "nothing shows the candidate reads the client's keys from there (is the client registered with that "
                        + "jwks_uri, and can the candidate reach the suite there?)");
            }
            TokenAnswer second = TokenAnswer.of(probe.send(a.baseline().signWith(twin, ClientAssertions.algFor(twin)).sign()));
            String seen = "the first key → " + first.describe() + "; the second key → " + second.describe();
            ctx.note("duplicate kid", "two keys under kid " + kid + " at " + jwks.uri() + ": " + seen
                    + " (refusing the ambiguity or trying each key are both allowed)");
            String variant = "an unregistered key (EC P-384) under kid " + kid;
            RefusalProof.Outcome outcome = probe.probeAll(null, java.util.Map.of(variant,
                    () -> probe.send(a.baseline().signWith(attacker, JWSAlgorithm.ES384).sign())));
            switch (outcome.kind()) {
                case FAIL -> throw fail("with two keys under kid " + kid + " in the client's JWKS, " + outcome.reason()
                        + "; expected invalid_client: only a registered key may verify (SMART asymmetric client "
                        + "authentication; RFC 8725 §3.10)");
                case INCONCLUSIVE -> throw new Inconclusive(outcome.reason());
                default -> ctx.pass("with two keys under kid " + kid + ": " + seen + "; " + outcome.reason());
            }
        }
    }
}
