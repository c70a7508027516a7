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
 * SMART asymmetric client authentication: the kid header selects the one registered key to verify with. Variants: no kid
 * (signed with the registered key); an unknown kid signed with an unregistered key. A duplicate kid in the client's
 * JWKS is {@link RefuseUnregisteredKeyUnderDuplicateKid}, which needs a JWKS the suite hosts.
 */
public final class RequireRegisteredKid implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("clientauth.assertion.kid", "An assertion must name a registered key by kid", List.of("assertion-kid-optional"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        AssertionProbe probe = AssertionProbe.open(ctx);
        ClientAssertions a = probe.assertions();
        Map<String, Supplier<HttpExchange>> variants = new LinkedHashMap<>();
        variants.put("no kid header (signed with the registered key)", () -> probe.send(a.baseline().header(h -> h.keyID(null)).sign()));
        com.nimbusds.jose.jwk.ECKey attacker = ClientAssertions.attackerKey();
        variants.put("kid " + attacker.getKeyID() + " of an unregistered key that signed it", () -> probe.send(a.baseline()
                .header(h -> h.keyID(attacker.getKeyID())).signWith(attacker, JWSAlgorithm.ES384).sign()));
        probe.expectAllRefused(variants, "SMART asymmetric client authentication");
    }
}
