package org.hitcert.checks.discovery;

import org.hitcert.support.WellKnown;
import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.support.HttpExchange;

/**
 * RFC 8414 §2: "none" must not appear among the signing algorithms accepted for client authentication at
 * the token, introspection and revocation endpoints (an unsigned client assertion authenticates nobody;
 * RFC 8725 §3.1). Checked in both the OIDC and the RFC 8414 documents, where published.
 */
public final class RejectNoneSigningAlgorithm implements Check {

    private static final List<String> LISTS = List.of("token_endpoint_auth_signing_alg_values_supported",
            "introspection_endpoint_auth_signing_alg_values_supported",
            "revocation_endpoint_auth_signing_alg_values_supported");

    @Override
    public CheckInfo info() {
        return new CheckInfo("discovery.auth-signing-algs.no-none",
                "No \"none\" algorithm is advertised for client authentication",
                List.of("alg-none-advertised"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        URI issuer = ctx.target().issuer();
        List<String> offending = new ArrayList<>();
        int documents = 0;
        for (URI url : List.of(WellKnown.openidConfiguration(issuer), WellKnown.oauthAuthorizationServer(issuer))) {
            HttpExchange x = ctx.http().get(url, "Accept", "application/json");
            if (x.status() != 200 || x.json().isEmpty()) {
                continue;
            }
            documents++;
            JsonNode doc = x.json().get();
            for (String list : LISTS) {
                JsonNode values = doc.get(list);
                if (values != null && values.isArray()) {
                    for (JsonNode v : values) {
                        if (v.asText().equalsIgnoreCase("none")) {
                            offending.add(url.getPath() + " " + list);
                        }
                    }
                }
            }
        }
        if (documents == 0) {
            throw fail("neither " + WellKnown.openidConfiguration(issuer) + " nor " + WellKnown.oauthAuthorizationServer(issuer)
                    + " answered 200 with JSON: no metadata to inspect");
        }
        if (!offending.isEmpty()) {
            throw fail("\"none\" is advertised for client authentication in " + offending
                    + "; it must not be (RFC 8414 §2, RFC 8725 §3.1)");
        }
        ctx.pass("no client-authentication algorithm list in " + documents + " metadata document(s) contains \"none\"");
    }
}
