package org.hitcert.checks.bearer;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;

/**
 * SMART scopes, "Scopes for requesting clinical data" (v1 compatibility): {@code patient/Observation.read} means what
 * {@code .rs} means, read and search only. Where the smart-configuration lists permission-v1 and the CapabilityStatement
 * declares writes on Observation, a .read token tries each declared write (create, update, delete); each must be refused.
 */
public final class EnforceV1ReadOnly implements Check {

    static final String V1_READ = "patient/Observation.read";

    @Override
    public CheckInfo info() {
        return new CheckInfo("bearer.smart-v1.read-only",
                "A SMART v1 patient/Observation.read token reads and searches but never creates, updates or deletes",
                List.of("v1-read-allows-write"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        URI base = FhirResources.fhirBase(ctx);
        Fhir.Capability cap = Fhir.Capability.of(ctx, base);
        cap.require("Observation", "read");
        List<String> declared = List.of("create", "update", "delete").stream().filter(w -> cap.supports("Observation", w)).toList();
        List<String> writes = declared;
        if (writes.isEmpty()) {
            throw new NotApplicable("the CapabilityStatement declares no create, update or delete on Observation: there is "
                    + "no write for a .read token to be refused");
        }
        Fhir.requireSmartCapability(ctx, base, "permission-v1", "no SMART v1 scopes to hold to read-only");
        ClientSpec client = Fhir.browserClient(ctx);
        String requested = Fhir.withResourceScopes(client.scope(), V1_READ);
        JsonNode tokens = Fhir.tokensFor(ctx, client, Fhir.user(ctx, "default"), requested);
        String granted = Fhir.granted(ctx, tokens, requested, "");
        List<String> beyond = writes.stream().filter(w -> Fhir.grants(granted, "Observation", w.charAt(0))).toList();
        if (!beyond.isEmpty()) {
            ctx.note("not tested: the server granted it", beyond + " (granted '" + granted + "')");
            writes = writes.stream().filter(w -> !beyond.contains(w)).toList();
            if (writes.isEmpty()) {
                throw new Inconclusive("asked for " + V1_READ + ", the server granted '" + granted + "', which allows every "
                        + "declared write " + beyond + ": nothing narrower could be obtained to test the refusal");
            }
        }
        String token = tokens.path("access_token").asText();
        String patient = Fhir.patientA(ctx, tokens);
        String id = Fhir.samples(ctx).observationA().or(() -> firstObservation(ctx, cap, base, token, patient))
                .orElseThrow(() -> new Inconclusive("patient " + patient + " has no Observation to probe with (fhir-samples "
                        + "names no observation-a, and a search found none)"));
        URI resource = Fhir.url(base, "Observation/" + id);
        HttpExchange read = Fhir.get(ctx, resource, token);
        if (!Fhir.ok(read) || read.json().isEmpty()) {
            throw new Inconclusive("the valid baseline (reading Observation/" + id + " with " + V1_READ + ") was not served ("
                    + read.summary() + "), so a refused write would prove nothing");
        }
        List<String> refused = new ArrayList<>();
        for (String w : writes) {
            HttpRequestSpec spec = switch (w) {
                case "create" -> new HttpRequestSpec("POST", Fhir.url(base, "Observation"), headers(token), probeObservation(patient));
                case "update" -> new HttpRequestSpec("PUT", resource, headers(token), read.json().get().toString());
                default -> new HttpRequestSpec("DELETE", resource, Map.of("Authorization", "Bearer " + token), null);
            };
            HttpExchange x = Fhir.send(ctx, spec);
            if (Fhir.ok(x)) {
                throw fail("a token granted '" + granted + "' (no " + w + ") was allowed to " + w + " an Observation: " + x.summary()
                        + x.header("Location").map(l -> " (Location " + l + ")").orElse("") + "; expected 403 (SMART scopes: "
                        + "v1 .read means .rs, read and search only)");
            }
            refused.add(w + ": " + x.status());
        }
        ctx.pass("each declared write with a " + V1_READ + " token was refused (" + String.join("; ", refused) + ")");
    }

    private static Map<String, String> headers(String token) {
        return Map.of("Authorization", "Bearer " + token, "Content-Type", "application/fhir+json");
    }

    static String probeObservation(String patient) {
        return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"hitcert probe: a SMART v1 .read "
                + "token must not create this\"},\"subject\":{\"reference\":\"Patient/" + patient + "\"}}";
    }

    private static Optional<String> firstObservation(CheckContext ctx, Fhir.Capability cap, URI base, String token, String patient) {
        if (!cap.supports("Observation", "search-type") || !cap.searchParam("Observation", "patient")) {
            return Optional.empty();
        }
        return Fhir.ids(Fhir.get(ctx, Fhir.url(base, "Observation?patient=" + patient), token)).stream()
                .filter(i -> i.startsWith("Observation/")).map(i -> i.substring("Observation/".length())).findFirst();
    }
}
