package org.hitcert.checks.clientauth;

import static org.hitcert.checks.Checks.fail;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.support.ClientAssertions;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HostedJwks;
import org.hitcert.support.Pkce;
import org.hitcert.checks.Inconclusive;
import java.util.Optional;

/**
 * SMART asymmetric client authentication (a jku must be the client's registered JWKS URL) and RFC 8725 §3.10: an
 * assertion cannot bring the key that verifies it. Variants, each signed by an attacker key: a jku naming a JWKS the
 * suite serves on its callback origin (unregistered), an embedded jwk, an embedded self-signed x5c. A fetch of the jku
 * is itself a finding (server-side request forgery), whatever the answer. The jku's refusal proves something only when
 * the candidate can reach the suite's host: {@link SuiteHostReach} shows it (the jwks_uri client's JWKS fetched and its
 * baseline accepted), else the check is INCONCLUSIVE, never PASS on "no fetch of the jku was seen".
 */
public final class RejectHeaderKeys implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("clientauth.assertion.header-keys", "jku, jwk and x5c headers do not bring their own keys",
                List.of("assertion-jku-trusted", "assertion-jwk-header-trusted", "assertion-x5c-header-trusted"), List.of(), false)
                .locking("hosted-jwks"); // it serves the jku and the jwks_uri client's JWKS on the callback origin
    }

    @Override
    public void run(CheckContext ctx) {
        AssertionProbe probe = AssertionProbe.open(ctx);
        ClientAssertions a = probe.assertions();
        ECKey attacker = ClientAssertions.attackerKey();
        Optional<String> unreached = SuiteHostReach.unshown(ctx);
        try (HostedJwks jwks = HostedJwks.serve(ctx.target().callback(), "hitcert-jku-" + Pkce.random(6), new JWKSet(attacker))
                .orElseThrow(() -> new Inconclusive("the suite's callback server (" + ctx.target().callback() + ") is not "
                        + "running in this process, so no jku can be served"))) {
            Map<String, Supplier<HttpExchange>> variants = new LinkedHashMap<>();
            variants.put("jku " + jwks.uri() + " (not registered) holding the attacker key that signed it", () -> probe.send(a.baseline()
                    .header(h -> h.keyID(attacker.getKeyID()).jwkURL(jwks.uri())).signWith(attacker, JWSAlgorithm.ES384).sign()));
            variants.put("embedded jwk header with the attacker key that signed it", () -> probe.send(a.baseline()
                    .header(h -> h.keyID(attacker.getKeyID()).jwk(attacker.toPublicJWK())).signWith(attacker, JWSAlgorithm.ES384).sign()));
            variants.put("embedded x5c with a self-signed certificate of the attacker key that signed it", () -> probe.send(a.baseline()
                    .header(h -> h.keyID(attacker.getKeyID()).x509CertChain(List.of(ClientAssertions.selfSignedCertificate(attacker))))
                    .signWith(attacker, JWSAlgorithm.ES384).sign()));
            RefusalProof.Outcome outcome = probe.probeAll(null, variants);
            String requirement = "SMART asymmetric client authentication, RFC 8725 §3.10";
            if (outcome.kind() == RefusalProof.Kind.FAIL) {
                throw fail(outcome.reason() + "; expected invalid_client and no token (" + requirement + ")");
            }
            if (jwks.fetches() > 0) {
                throw fail("the candidate fetched the unregistered jku " + jwks.uri() + " " + jwks.fetches() + " time(s): a "
                        + "server-side request to a URL an unauthenticated client chose; expected no fetch of a jku that is not "
                        + "the client's registered JWKS URL (" + requirement + ")");
            }
            if (outcome.kind() == RefusalProof.Kind.INCONCLUSIVE) {
                throw new Inconclusive(outcome.reason());
            }
            if (unreached.isPresent()) {
                throw new Inconclusive("the jwk and x5c variants were refused, but the jku's refusal proves nothing: "
                        + unreached.get());
            }
            ctx.pass(outcome.reason() + "; the candidate reaches the suite's host (it fetched the jwks_uri client's JWKS) and "
                    + "did not fetch the jku");
        }
    }
}
