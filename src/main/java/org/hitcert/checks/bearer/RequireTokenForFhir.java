package org.hitcert.checks.bearer;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.HttpExchange;

/**
 * RFC 6750 §3 and §3.1: a request for a protected resource without credentials is answered 401 with a
 * {@code WWW-Authenticate: Bearer} challenge, which SHOULD NOT carry an error code.
 */
public final class RequireTokenForFhir implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("bearer.no-token.challenge",
                "A FHIR request without a token gets 401 with a Bearer challenge and no data",
                List.of("fhir-open", "no-bearer-challenge"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        URI base = FhirResources.fhirBase(ctx);
        JsonNode tokens = null;
        try {
            tokens = ctx.sharedTokens();
        } catch (Inconclusive e) {
            ctx.note("resource choice", "no token could be obtained to learn a patient id; reading the Patient type instead");
        }
        URI resource = FhirResources.protectedResource(ctx, base, tokens);
        HttpExchange x = ctx.http().get(resource, "Accept", "application/fhir+json");
        if (x.status() != 401) {
            throw fail("a request without a token got " + x.summary() + (x.status() == 200 ? " and data" : "")
                    + "; expected 401 (RFC 6750 §3)");
        }
        Optional<String> challenge = x.headerValues("WWW-Authenticate").stream()
                .filter(v -> v.trim().regionMatches(true, 0, "Bearer", 0, 6)).findFirst();
        if (challenge.isEmpty()) {
            throw fail("401 without a WWW-Authenticate: Bearer challenge (got " + x.headerValues("WWW-Authenticate")
                    + "); RFC 6750 §3 requires it");
        }
        if (challenge.get().contains("error=")) {
            ctx.note("error code on a request without credentials",
                    "the challenge carries an error attribute, which RFC 6750 §3.1 says SHOULD NOT be sent when no token was: "
                            + challenge.get());
        }
        ctx.pass("401 with challenge '" + challenge.get() + "' for " + resource);
    }
}
