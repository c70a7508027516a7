package org.hitcert.checks.discovery;

import org.hitcert.support.WellKnown;
import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.NotApplicable;
import org.hitcert.support.HttpExchange;

/**
 * SMART App Launch, "CORS support": a server that supports browser-based (public) apps lets any origin read its
 * discovery documents and keys, so the response to a GET with an Origin carries Access-Control-Allow-Origin with
 * {@code *} or that origin.
 */
public final class AllowCorsOnDiscovery implements Check {

    private static final String ORIGIN = "https://random.example";

    @Override
    public CheckInfo info() {
        return new CheckInfo("discovery.cors.any-origin",
                "Discovery documents and the JWKS can be read cross-origin by browser apps",
                List.of("discovery-no-cors"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        Map<String, URI> documents = new LinkedHashMap<>();
        documents.put("openid-configuration", WellKnown.openidConfiguration(ctx.target().issuer()));
        Optional<JsonNode> smart = Optional.empty();
        if (ctx.target().fhirBase().isPresent()) {
            URI smartUri = WellKnown.smartConfiguration(ctx.target().fhirBase().get());
            HttpExchange s = ctx.http().get(smartUri, "Accept", "application/json", "Origin", ORIGIN);
            smart = s.status() == 200 ? s.json() : Optional.empty();
            if (smart.isPresent()) {
                documents.put("smart-configuration", smartUri);
            }
        }
        JsonNode capabilities = smart.map(j -> j.get("capabilities")).orElse(null);
        if (capabilities != null && capabilities.isArray() && !org.hitcert.checks.Checks.arrayContains(smart.get(),
                "capabilities", "client-public") && !org.hitcert.checks.Checks.arrayContains(smart.get(), "capabilities",
                "launch-standalone")) {
            throw new NotApplicable("the SMART configuration lists neither client-public nor launch-standalone: "
                    + "no browser-based apps are supported");
        }
        ctx.target().endpoint("jwks").ifPresent(j -> documents.put("jwks", j));
        List<String> blocked = new ArrayList<>();
        for (Map.Entry<String, URI> d : documents.entrySet()) {
            HttpExchange x = ctx.http().get(d.getValue(), "Accept", "application/json", "Origin", ORIGIN);
            if (x.status() != 200) {
                continue; // served or not is another check's question
            }
            String allowed = x.header("Access-Control-Allow-Origin").orElse(null);
            if (allowed == null || !(allowed.trim().equals("*") || allowed.trim().equals(ORIGIN))) {
                blocked.add(d.getKey() + " (Access-Control-Allow-Origin: " + (allowed == null ? "absent" : allowed) + ")");
            }
        }
        if (!blocked.isEmpty()) {
            throw fail("a GET with Origin: " + ORIGIN + " is not allowed cross-origin for " + blocked
                    + "; expected Access-Control-Allow-Origin * or the origin (SMART App Launch, CORS support)");
        }
        ctx.pass("cross-origin reads allowed for " + documents.keySet());
    }
}
