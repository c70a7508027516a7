package org.hitcert.checks.discovery;

import org.hitcert.support.WellKnown;
import static org.hitcert.checks.Checks.fail;
import static org.hitcert.checks.Checks.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.NotApplicable;
import org.hitcert.support.HttpExchange;

/**
 * SMART App Launch conformance: {fhir-base}/.well-known/smart-configuration is served as JSON whatever the
 * Accept header says, and carries the required members.
 */
public final class EnsureSmartConfiguration implements Check {

    private static final List<String> REQUIRED = List.of("token_endpoint", "grant_types_supported", "capabilities",
            "code_challenge_methods_supported");

    @Override
    public CheckInfo info() {
        return new CheckInfo("discovery.smart-configuration.served",
                "SMART configuration is served as JSON (with and without Accept) with its required members",
                List.of("smart-config-missing"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        URI fhir = org.hitcert.checks.Checks.fhirBase(ctx.target());
        URI url = WellKnown.smartConfiguration(fhir);
        HttpExchange html = ctx.http().get(url, "Accept", "text/html");
        HttpExchange bare = ctx.http().get(url);
        for (HttpExchange x : List.of(html, bare)) {
            String accept = x.request().headers().getOrDefault("Accept", "no Accept header");
            if (x.status() != 200) {
                throw fail("expected 200 with the SMART configuration (" + accept + "), got " + x.summary());
            }
            String type = x.header("Content-Type").orElse("");
            if (!type.toLowerCase().startsWith("application/json")) {
                throw fail("SMART configuration served as '" + type + "' with " + accept + "; it must be application/json");
            }
        }
        JsonNode doc = json(bare, "the SMART configuration");
        List<String> missing = new ArrayList<>();
        for (String m : REQUIRED) {
            if (!doc.hasNonNull(m)) {
                missing.add(m);
            }
        }
        JsonNode caps = doc.path("capabilities");
        boolean launch = false;
        for (JsonNode c : caps) {
            launch |= c.asText().startsWith("launch-");
        }
        if (launch && !doc.hasNonNull("authorization_endpoint")) {
            missing.add("authorization_endpoint (required with launch-* capabilities)");
        }
        if (!missing.isEmpty()) {
            throw fail("the SMART configuration lacks " + missing);
        }
        ctx.pass("served as application/json with and without Accept; " + caps.size() + " capabilities listed");
    }
}
