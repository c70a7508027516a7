package org.hitcert.checks.clientauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.ClientAssertions;
import org.hitcert.support.HttpExchange;

/**
 * RFC 8725 §3.1 and RFC 8414 §2: a server should accept only the algorithms it advertises in
 * token_endpoint_auth_signing_alg_values_supported. Variants: a valid signature by the registered key with each
 * algorithm the key can make but the metadata does not list. Graded SHOULD.
 */
public final class RejectUnlistedAlgorithm implements Check {

    private static final List<JWSAlgorithm> RSA = List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);

    @Override
    public CheckInfo info() {
        return new CheckInfo("clientauth.assertion.alg-allowlist", "Only advertised assertion algorithms are accepted",
                List.of("assertion-alg-unlisted"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        // first whether private_key_jwt is offered at all (NOT_APPLICABLE as every other assertion check, no traffic)
        AssertionProbe probe = AssertionProbe.open(ctx);
        JsonNode listed = ctx.target().discovery().map(d -> d.get("token_endpoint_auth_signing_alg_values_supported"))
                .filter(JsonNode::isArray).orElseThrow(() -> new Inconclusive(
                        "the metadata has no token_endpoint_auth_signing_alg_values_supported, so no algorithm is known to be unlisted"));
        Set<String> advertised = new LinkedHashSet<>();
        listed.forEach(n -> advertised.add(n.asText()));
        if (!(probe.assertions().publicKey() instanceof RSAKey)) {
            AssertionProbe first = probe;
            probe = AssertionProbe.keyClients(ctx).stream().map(first::forClient)
                    .filter(x -> x.assertions().publicKey() instanceof RSAKey).findFirst().orElse(first);
        }
        AssertionProbe p = probe;
        ClientAssertions a = p.assertions();
        List<JWSAlgorithm> candidates = a.publicKey() instanceof RSAKey ? RSA : List.of();
        Map<String, Supplier<HttpExchange>> variants = new LinkedHashMap<>();
        for (JWSAlgorithm alg : candidates) {
            if (!advertised.contains(alg.getName())) {
                variants.put("a valid " + alg + " signature (advertised: " + advertised + ")",
                        () -> p.send(a.baseline().signWith(a.privateKey(), alg).sign()));
            }
        }
        if (variants.isEmpty()) {
            throw new Inconclusive("the client's key (" + a.publicKey().getKeyType() + ") can make no signature algorithm "
                    + "that the metadata leaves out (" + advertised + ")");
        }
        p.expectAllRefused(variants, "RFC 8725 §3.1, RFC 8414 §2");
    }
}
