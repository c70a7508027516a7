package org.hitcert.checks.bearer;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;

/**
 * SMART scopes v2 ({@code .cruds}): each letter grants one interaction. A {@code patient/Observation.s} token may search
 * but not read by id; a {@code patient/Observation.r} token may read by id but not search, nor create or delete. Only
 * interactions the CapabilityStatement declares are tried.
 */
public final class EnforceSmartPermissions implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("bearer.smart-permissions.enforced",
                "SMART v2 permissions are enforced one by one: .s does not read by id, .r does not search, create or delete",
                List.of("smart-permissions-coarse"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        URI base = FhirResources.fhirBase(ctx);
        Fhir.Capability cap = Fhir.Capability.of(ctx, base);
        cap.require("Observation", "read");
        cap.require("Observation", "search-type");
        if (!cap.searchParam("Observation", "patient")) {
            throw new Inconclusive("the CapabilityStatement declares no 'patient' search parameter on Observation");
        }
        ClientSpec client = Fhir.browserClient(ctx);
        String sRequested = Fhir.withResourceScopes(client.scope(), "patient/Observation.s");
        String rRequested = Fhir.withResourceScopes(client.scope(), "patient/Observation.r");
        JsonNode sTokens = Fhir.tokensFor(ctx, client, Fhir.user(ctx, "default"), sRequested);
        JsonNode rTokens = Fhir.tokensFor(ctx, client, Fhir.user(ctx, "default"), rRequested);
        String s = sTokens.path("access_token").asText();
        String r = rTokens.path("access_token").asText();
        String patient = Fhir.patient(sTokens, "the default user");
        String sGranted = Fhir.granted(ctx, sTokens, sRequested, ".s flow");
        String rGranted = Fhir.granted(ctx, rTokens, rRequested, ".r flow");
        URI search = Fhir.url(base, "Observation?patient=" + patient);
        HttpExchange found = Fhir.get(ctx, search, s);
        if (!Fhir.ok(found)) {
            throw new Inconclusive("the baseline search with patient/Observation.s was not served (" + found.summary() + ")");
        }
        String id = Fhir.ids(found).stream().filter(i -> i.startsWith("Observation/")).findFirst().orElseThrow(() ->
                new Inconclusive("the patient in context has no Observation to read (" + search + " found none)"));
        URI read = Fhir.url(base, id);
        Fhir.baseline(ctx, read, r, "read by id with patient/Observation.r");

        // each interaction is judged only where the scope actually granted leaves it out (a wider grant, stated, is right)
        List<String> refused = new ArrayList<>();
        List<String> granted = new ArrayList<>();
        if (Fhir.grants(sGranted, "Observation", 'r')) {
            granted.add("read by id (the .s flow was granted '" + sGranted + "')");
        } else {
            HttpExchange readWithS = Fhir.get(ctx, read, s);
            if (Fhir.ok(readWithS)) {
                throw fail("a token granted '" + sGranted + "' (no read) read " + id + " by id: " + readWithS.summary()
                        + "; expected 403 (SMART scopes v2: .s grants search only, read needs .r)");
            }
            refused.add("read by id with .s: " + readWithS.status());
        }
        if (Fhir.grants(rGranted, "Observation", 's')) {
            granted.add("search (the .r flow was granted '" + rGranted + "')");
        } else {
            HttpExchange searchWithR = Fhir.get(ctx, search, r);
            if (Fhir.ok(searchWithR) && !Fhir.ids(searchWithR).isEmpty()) {
                throw fail("a token granted '" + rGranted + "' (no search) searched Observations: " + searchWithR.summary()
                        + " with " + Fhir.ids(searchWithR).size() + " entries; expected 403 (SMART scopes v2: search needs .s)");
            }
            refused.add("search with .r: " + searchWithR.status());
        }
        if (cap.supports("Observation", "create") && !Fhir.grants(rGranted, "Observation", 'c')) {
            String body = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"hitcert\"},"
                    + "\"subject\":{\"reference\":\"Patient/" + patient + "\"}}";
            HttpExchange create = Fhir.send(ctx, new HttpRequestSpec("POST", Fhir.url(base, "Observation"),
                    Map.of("Authorization", "Bearer " + r, "Content-Type", "application/fhir+json"), body));
            if (Fhir.ok(create)) {
                throw fail("a token granted '" + rGranted + "' (no create) created an Observation: " + create.summary()
                        + "; expected 403 (SMART scopes v2: create needs .c)");
            }
            refused.add("create with .r: " + create.status());
        }
        if (cap.supports("Observation", "delete") && !Fhir.grants(rGranted, "Observation", 'd')) {
            HttpExchange delete = Fhir.send(ctx, new HttpRequestSpec("DELETE", read, Map.of("Authorization", "Bearer " + r), null));
            if (Fhir.ok(delete)) {
                throw fail("a token granted '" + rGranted + "' (no delete) deleted " + id + ": " + delete.summary()
                        + "; expected 403 (SMART scopes v2: delete needs .d)");
            }
            refused.add("delete with .r: " + delete.status());
        }
        if (!granted.isEmpty()) {
            ctx.note("not tested: the server granted it", String.join("; ", granted));
        }
        if (refused.isEmpty()) {
            throw new Inconclusive("the server granted more than .s and .r (" + String.join("; ", granted) + "): nothing "
                    + "narrower could be obtained, so no interaction outside the grant was left to try");
        }
        ctx.pass("each interaction outside the granted permission was refused (" + String.join("; ", refused) + ")");
    }
}
