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
 * RFC 7523 §3 and SMART asymmetric client authentication: the assertion's signature must verify with the client's
 * registered key. Variants: one signature byte flipped; a valid signature by an unregistered key under the registered kid.
 */
public final class RejectBrokenSignature implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("clientauth.assertion.signature", "An assertion whose signature does not verify is refused", List.of("assertion-signature-unchecked"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        AssertionProbe probe = AssertionProbe.open(ctx);
        ClientAssertions a = probe.assertions();
        Map<String, Supplier<HttpExchange>> variants = new LinkedHashMap<>();
        variants.put("one signature byte flipped", () -> probe.send(ClientAssertions.flipSignatureByte(a.baseline().sign())));
        variants.put("signed by an unregistered key, header kid still the registered one", () -> probe.send(a.baseline()
                .signWith(a.publicKey() instanceof com.nimbusds.jose.jwk.ECKey ec ? ClientAssertions.attackerKey(ec.getCurve())
                        : AssertionProbe.freshRsa(),
                        a.baselineAlg()).sign()));
        probe.expectAllRefused(variants, "RFC 7523 §3, SMART asymmetric client authentication");
    }
}
