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
import org.hitcert.support.LoopbackJwks;

/**
 * SMART asymmetric client authentication (a jku must be the client's registered JWKS URL) and RFC 8725 §3.10: an
 * assertion cannot bring the key that verifies it. Variants, each signed by an attacker key: a jku naming a JWKS the
 * suite serves on loopback (unregistered), an embedded jwk, an embedded self-signed x5c. A fetch of the jku is itself a
 * finding (server-side request forgery), whatever the answer. The fetch is only observable when the candidate can reach
 * the suite's loopback address (a candidate on this machine).
 */
public final class RejectHeaderKeys implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("clientauth.assertion.header-keys", "jku, jwk and x5c headers do not bring their own keys",
                List.of("assertion-jku-trusted", "assertion-jwk-header-trusted", "assertion-x5c-header-trusted"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        AssertionProbe probe = AssertionProbe.open(ctx);
        probe.requireBaseline();
        ClientAssertions a = probe.assertions();
        ECKey attacker = ClientAssertions.attackerKey();
        try (LoopbackJwks jwks = LoopbackJwks.serve(new JWKSet(attacker))) {
            Map<String, Supplier<HttpExchange>> variants = new LinkedHashMap<>();
            variants.put("jku " + jwks.uri() + " (not registered) holding the attacker key that signed it", () -> probe.send(a.baseline()
                    .header(h -> h.keyID(attacker.getKeyID()).jwkURL(jwks.uri())).signWith(attacker, JWSAlgorithm.ES384).sign()));
            variants.put("embedded jwk header with the attacker key that signed it", () -> probe.send(a.baseline()
                    .header(h -> h.keyID(attacker.getKeyID()).jwk(attacker.toPublicJWK())).signWith(attacker, JWSAlgorithm.ES384).sign()));
            variants.put("embedded x5c with a self-signed certificate of the attacker key that signed it", () -> probe.send(a.baseline()
                    .header(h -> h.keyID(attacker.getKeyID()).x509CertChain(List.of(ClientAssertions.selfSignedCertificate(attacker))))
                    .signWith(attacker, JWSAlgorithm.ES384).sign()));
            try {
                probe.expectAllRefused(variants, "SMART asymmetric client authentication, RFC 8725 §3.10");
            } finally {
                if (jwks.fetches() > 0) {
                    ctx.note("jku fetched", "the candidate fetched the unregistered jku " + jwks.uri() + " " + jwks.fetches() + " time(s)");
                }
            }
            if (jwks.fetches() > 0) {
                throw fail("every variant was refused, but the candidate fetched the unregistered jku " + jwks.uri() + " "
                        + jwks.fetches() + " time(s): a server-side request to a URL an unauthenticated client chose; expected no "
                        + "fetch of a jku that is not the client's registered JWKS URL (SMART asymmetric client authentication, "
                        + "RFC 8725 §3.10)");
            }
            ctx.note("jku", "no fetch of " + jwks.uri() + " was seen");
        }
    }
}
