package org.hitcert.checks.discovery;

import org.hitcert.support.WellKnown;
import static org.hitcert.checks.Checks.fail;
import static org.hitcert.checks.Checks.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.support.HttpExchange;

/**
 * RFC 8414 §2 and OIDC Discovery §3: every endpoint a server advertises uses the https scheme, so that
 * credentials and tokens only travel over TLS (RFC 6749 §3.1, §3.2; RFC 6750 §5.3).
 */
public final class EnsureEndpointsUseHttps implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("discovery.endpoints.https",
                "Every endpoint URL in the discovery documents uses https",
                List.of("http-endpoint-advertised"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        URI issuer = ctx.target().issuer();
        HttpExchange oidc = ctx.http().get(WellKnown.openidConfiguration(issuer), "Accept", "application/json");
        if (oidc.status() != 200) {
            throw fail("expected 200 with the discovery document, got " + oidc.summary());
        }
        JsonNode doc = json(oidc, "the discovery document");
        List<String> insecure = new ArrayList<>();
        int seen = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            boolean urlMember = e.getKey().endsWith("_endpoint") || e.getKey().equals("jwks_uri")
                    || e.getKey().equals("issuer") || e.getKey().equals("registration_endpoint");
            if (urlMember && e.getValue().isTextual()) {
                seen++;
                if (!e.getValue().asText().startsWith("https://")) {
                    insecure.add(e.getKey() + " = " + e.getValue().asText());
                }
            }
        }
        if (!insecure.isEmpty()) {
            throw fail("discovery advertises endpoints without TLS: " + insecure
                    + "; every endpoint must be an https URL (RFC 8414 §2, OIDC Discovery §3)");
        }
        if (seen == 0) {
            throw fail("the discovery document names no endpoint URL at all");
        }
        ctx.pass("all " + seen + " endpoint URLs in the discovery document use https");
    }
}
