package org.hitcert.checks.bearer;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;

/**
 * SMART App Launch (the scopes must cover the request) and RFC 6750 §3.1 ({@code insufficient_scope}, which SHOULD be a
 * 403): a token granted {@code patient/Patient.rs} only is served Patient but refused Observation.
 */
public final class RejectInsufficientScope implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("bearer.insufficient-scope.forbidden",
                "A token whose scopes do not cover a resource type gets no data of that type (403 insufficient_scope)",
                List.of("scope-unenforced"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        URI base = FhirResources.fhirBase(ctx);
        Fhir.Capability cap = Fhir.Capability.of(ctx, base);
        cap.require("Patient", "read");
        cap.require("Observation", "search-type");
        ClientSpec client = Fhir.browserClient(ctx);
        String requested = Fhir.withResourceScopes(client.scope(), "patient/Patient.rs");
        JsonNode tokens = Fhir.tokensFor(ctx, client, Fhir.user(ctx, "default"), requested);
        String token = tokens.path("access_token").asText();
        String patient = Fhir.patient(tokens, "the default user");
        String granted = Fhir.granted(ctx, tokens, requested, "");
        if (Fhir.grants(granted, "Observation", 's')) {
            throw new Inconclusive("asked for patient/Patient.rs, the server granted '" + granted + "', which covers an "
                    + "Observation search: serving it would be right, and nothing narrower could be obtained to test the refusal");
        }
        Fhir.baseline(ctx, Fhir.url(base, "Patient/" + patient), token, "Patient read with patient/Patient.rs");
        URI observations = Fhir.url(base, "Observation?patient=" + patient);
        HttpExchange x = Fhir.get(ctx, observations, token);
        if (Fhir.ok(x)) {
            throw fail("a token granted '" + granted + "' (no Observation search) was served Observations: " + x.summary()
                    + "; expected 403 insufficient_scope (SMART App Launch: scopes must cover the request; RFC 6750 §3.1)");
        }
        boolean challenge = x.headerValues("WWW-Authenticate").stream().anyMatch(v -> v.contains("insufficient_scope"));
        if (x.status() != 403 || !challenge) {
            ctx.note("refused, but not as RFC 6750 §3.1 advises", "got " + x.status() + " with WWW-Authenticate "
                    + x.headerValues("WWW-Authenticate") + "; RFC 6750 §3.1 says SHOULD 403 with error=\"insufficient_scope\"");
        }
        ctx.pass("Observation search refused (" + x.status() + (challenge ? ", insufficient_scope" : "")
                + ") for a token granted patient/Patient.rs only; the Patient read was served");
    }
}
