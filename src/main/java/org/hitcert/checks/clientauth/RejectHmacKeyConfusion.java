package org.hitcert.checks.clientauth;

import com.nimbusds.jose.JWSAlgorithm;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.support.ClientAssertions;
import org.hitcert.support.HttpExchange;

/**
 * RFC 8725 §2.1 and §3.1, SMART asymmetric client authentication: the key type must fit the algorithm; an HMAC keyed
 * with the registered public key (which anyone can fetch) proves nothing. Variants: HS256 with the PEM text (with and
 * without final newline), the public JWK JSON, the DER SubjectPublicKeyInfo and the RSA modulus bytes as secret.
 */
public final class RejectHmacKeyConfusion implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("clientauth.assertion.alg-confusion", "HS256 assertions keyed with the client's public key are refused", List.of("assertion-hmac-confusion"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        AssertionProbe probe = AssertionProbe.open(ctx);
        ClientAssertions a = probe.assertions();
        Map<String, Supplier<HttpExchange>> variants = new LinkedHashMap<>();
        ClientAssertions.publicKeyEncodings(a.publicKey()).forEach((name, secret) ->
                variants.put("HS256 keyed with the " + name, () -> probe.send(a.baseline().hmac(secret))));
        probe.expectAllRefused(variants, "RFC 8725 §2.1, §3.1");
    }
}
