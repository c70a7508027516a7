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
 * RFC 7523 §2.2: client_assertion_type is urn:ietf:params:oauth:client-assertion-type:jwt-bearer; RFC 6749 §2.3: one
 * authentication method per request. Variants: a SAML type; no type; the valid assertion plus a client_secret.
 */
public final class RequireAssertionType implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("clientauth.assertion.type", "A client_assertion needs the jwt-bearer type and no second credential", List.of("assertion-type-unchecked"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        AssertionProbe probe = AssertionProbe.open(ctx);
        ClientAssertions a = probe.assertions();
        Map<String, Supplier<HttpExchange>> variants = new LinkedHashMap<>();
        variants.put("client_assertion_type = urn:ietf:params:oauth:client-assertion-type:saml2-bearer", () -> probe.sendForm(
                "grant_type", "client_credentials", "scope", probe.client().scope(),
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:saml2-bearer", "client_assertion", a.baseline().sign()));
        variants.put("no client_assertion_type", () -> probe.sendForm(
                "grant_type", "client_credentials", "scope", probe.client().scope(), "client_assertion", a.baseline().sign()));
        variants.put("also client_secret=hitcert-made-up", () -> probe.send(a.baseline().sign(), "client_secret", "hitcert-made-up"));
        probe.expectAllRefused(variants, "RFC 7523 §2.2, RFC 6749 §2.3");
    }
}
