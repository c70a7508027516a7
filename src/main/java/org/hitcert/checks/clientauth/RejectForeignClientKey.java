package org.hitcert.checks.clientauth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.ClientAssertions;
import org.hitcert.support.HttpExchange;

/**
 * RFC 8725 §3.8: the key that verifies an assertion must belong to its issuer. Variant: iss = sub = client A, signed
 * with client B's registered key under B's kid. Needs two private_key_jwt clients with keys in the candidate file.
 */
public final class RejectForeignClientKey implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("clientauth.assertion.foreign-key", "An assertion signed with another client's key is refused",
                List.of("assertion-any-registered-key"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        List<ClientSpec> clients = AssertionProbe.keyClients(ctx);
        AssertionProbe probe = AssertionProbe.open(ctx);
        if (clients.size() < 2) {
            throw Inconclusive.notAssessed("a second private_key_jwt client with a key (it names " + clients.size() + ")",
                    "another client with auth-method private_key_jwt and a private-key, to sign with another client's key");
        }
        ClientAssertions a = probe.assertions();
        ClientAssertions b = probe.forClient(clients.get(1)).assertions();
        Map<String, Supplier<HttpExchange>> variants = new LinkedHashMap<>();
        variants.put("iss = sub = " + a.clientId() + ", signed with " + b.clientId() + "'s key and kid " + b.publicKey().getKeyID(),
                () -> probe.send(a.baseline().header(h -> h.keyID(b.publicKey().getKeyID()))
                        .signWith(b.privateKey(), b.baselineAlg()).sign()));
        probe.expectAllRefused(variants, "RFC 8725 §3.8");
    }
}
