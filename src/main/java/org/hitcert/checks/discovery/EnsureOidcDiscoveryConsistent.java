package org.hitcert.checks.discovery;

import org.hitcert.support.WellKnown;
import static org.hitcert.checks.Checks.arrayContains;
import static org.hitcert.checks.Checks.fail;
import static org.hitcert.checks.Checks.json;
import static org.hitcert.checks.Checks.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.support.HttpExchange;

/**
 * OIDC Discovery §4.3: the document at {issuer}/.well-known/openid-configuration states exactly that issuer,
 * and §3 lists the members it must carry.
 */
public final class EnsureOidcDiscoveryConsistent implements Check {

    private static final List<String> REQUIRED = List.of("authorization_endpoint", "token_endpoint", "jwks_uri",
            "response_types_supported", "subject_types_supported", "id_token_signing_alg_values_supported");

    @Override
    public CheckInfo info() {
        return new CheckInfo("discovery.oidc.consistent",
                "OpenID Connect discovery is served as JSON, names exactly its issuer and lists the required members",
                List.of("issuer-mismatch"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        URI issuer = ctx.target().issuer();
        URI url = WellKnown.openidConfiguration(issuer);
        HttpExchange x = ctx.http().get(url, "Accept", "application/json");
        if (x.status() != 200) {
            throw fail("expected 200 with the discovery document, got " + x.summary());
        }
        JsonNode doc = json(x, "the discovery document");
        String stated = text(doc, "issuer").orElseThrow(() -> fail("the discovery document has no issuer member"));
        if (!stated.equals(issuer.toString())) {
            throw fail("issuer in the discovery document is '" + stated + "' but the document was fetched for issuer '"
                    + issuer + "': they must be identical (OIDC Discovery §4.3), a client must reject the mismatch");
        }
        List<String> missing = new ArrayList<>();
        for (String member : REQUIRED) {
            if (!doc.hasNonNull(member)) {
                missing.add(member);
            }
        }
        if (!missing.isEmpty()) {
            throw fail("the discovery document lacks required members " + missing + " (OIDC Discovery §3)");
        }
        if (!arrayContains(doc, "id_token_signing_alg_values_supported", "RS256")) {
            throw fail("id_token_signing_alg_values_supported is " + doc.get("id_token_signing_alg_values_supported")
                    + "; RS256 must be included (OIDC Discovery §3)");
        }
        ctx.pass("issuer '" + stated + "' matches the URL it was fetched under; all " + REQUIRED.size()
                + " required members present, RS256 listed");
    }
}
