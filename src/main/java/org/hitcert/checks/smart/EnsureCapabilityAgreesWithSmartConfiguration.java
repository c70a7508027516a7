package org.hitcert.checks.smart;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.support.HttpExchange;

/**
 * SMART-CONF: a server that still publishes the SMART v1 {@code oauth-uris} extension in its CapabilityStatement
 * ({@code [base]/metadata}) must name there the same endpoints as its {@code .well-known/smart-configuration};
 * otherwise a v1 client sends users and codes to other endpoints than a v2 client (a stale or foreign token
 * endpoint). NOT_APPLICABLE when the CapabilityStatement carries no oauth-uris.
 */
public final class EnsureCapabilityAgreesWithSmartConfiguration implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("smart.capability.oauth-uris-agree",
                "The CapabilityStatement's oauth-uris name the same endpoints as .well-known/smart-configuration",
                List.of("capability-uris-disagree"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        URI base = org.hitcert.checks.Checks.fhirBase(ctx.target());
        String b = base.toString().endsWith("/") ? base.toString() : base + "/";
        HttpExchange metadata = ctx.http().get(URI.create(b + "metadata"), "Accept", "application/fhir+json");
        JsonNode capability = metadata.json().filter(j -> metadata.status() == 200).orElseThrow(() -> new Inconclusive(
                "the CapabilityStatement at " + b + "metadata could not be read as JSON (" + metadata.summary() + ")"));
        Map<String, String> uris = CapabilityOauthUris.read(capability).orElseThrow(() -> new NotApplicable(
                "the CapabilityStatement carries no oauth-uris extension (SMART v2 publishes the endpoints only in "
                        + ".well-known/smart-configuration); nothing to compare"));
        HttpExchange smart = ctx.http().get(URI.create(b + ".well-known/smart-configuration"), "Accept", "application/json");
        JsonNode config = smart.json().filter(j -> smart.status() == 200).orElseThrow(() -> new Inconclusive(
                "the SMART configuration could not be read as JSON (" + smart.summary() + "); DS-SMART covers that"));
        List<String> problems = CapabilityOauthUris.disagreements(uris, config);
        if (!problems.isEmpty()) {
            throw fail(String.join("; ", problems) + ": a client that discovers through the CapabilityStatement (SMART "
                    + "v1) would use other endpoints than one reading .well-known/smart-configuration (SMART-CONF); "
                    + "expected the same URLs in both");
        }
        ctx.pass("the CapabilityStatement's oauth-uris " + uris.keySet() + " name the same URLs as "
                + ".well-known/smart-configuration");
    }
}
