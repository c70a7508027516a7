package org.hitcert.checks.bearer;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.HttpExchange;

/**
 * SMART scopes and launch context (patient scopes) and SMART App Launch: a token with patient-level scopes and patient
 * A in context never yields patient B's data, whether read by id or reached through search parameters. Patient B and
 * B's resources are learnt from a second flow as the {@code other} user; only interactions and search parameters the
 * CapabilityStatement declares are tried.
 */
public final class EnforcePatientCompartment implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("bearer.patient-compartment.enforced",
                "A patient-scoped token for patient A never yields patient B's data (read or search)",
                List.of("compartment-leak", "include-leaks-compartment", "everything-leaks-compartment",
                        "batch-leaks-compartment"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        URI base = FhirResources.fhirBase(ctx);
        Fhir.Capability cap = Fhir.Capability.of(ctx, base);
        String tokenA = Fhir.sharedAccessToken(ctx);
        String a = Fhir.patient(ctx.sharedTokens(), "the default user");
        JsonNode other = Fhir.tokensFor(ctx, ctx.target().client("second").orElseGet(() -> Fhir.browserClient(ctx)),
                Fhir.user(ctx, "other"), null);
        String tokenB = other.path("access_token").asText();
        String b = Fhir.patient(other, "the other user");
        if (a.equals(b)) {
            throw new Inconclusive("the default and the other user have the same patient in context (" + a + ")");
        }
        Map<String, URI> probes = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        if (cap.supports("Patient", "read")) {
            Fhir.baseline(ctx, Fhir.url(base, "Patient/" + a), tokenA, "patient A reading Patient/" + a);
            probes.put("read Patient/" + b, Fhir.url(base, "Patient/" + b));
        } else {
            skipped.add("Patient read");
        }
        if (cap.supports("Patient", "search-type") && cap.searchParam("Patient", "_id")) {
            probes.put("search Patient?_id=" + b, Fhir.url(base, "Patient?_id=" + b));
        }
        if (cap.supports("Observation", "search-type")) {
            for (String param : List.of("patient", "subject")) {
                if (cap.searchParam("Observation", param)) {
                    String value = param.equals("subject") ? "Patient/" + b : b;
                    probes.put("search Observation?" + param + "=" + value, Fhir.url(base, "Observation?" + param + "=" + value));
                }
            }
            if (cap.supports("Observation", "read") && cap.searchParam("Observation", "patient")) {
                HttpExchange own = Fhir.get(ctx, Fhir.url(base, "Observation?patient=" + b), tokenB);
                for (String id : Fhir.ids(own)) {
                    if (id.startsWith("Observation/")) {
                        probes.put("read " + id + " (patient B's)", Fhir.url(base, id));
                        break;
                    }
                }
            }
        } else {
            skipped.add("Observation search");
        }
        if (cap.operation("Patient", "everything")) {
            probes.put("Patient/" + b + "/$everything", Fhir.url(base, "Patient/" + b + "/$everything"));
        } else {
            skipped.add("$everything (the CapabilityStatement declares no Patient operation everything)");
        }
        String rev = cap.revInclude("Patient", "Observation:patient") ? "Observation:patient"
                : cap.revInclude("Patient", "Observation:subject") ? "Observation:subject" : null;
        if (rev != null && cap.supports("Patient", "search-type") && cap.searchParam("Patient", "_id")) {
            probes.put("search Patient?_id=" + b + "&_revinclude=" + rev,
                    Fhir.url(base, "Patient?_id=" + b + "&_revinclude=" + rev));
        } else {
            skipped.add("_revinclude (the CapabilityStatement declares no Patient searchRevInclude Observation:patient or "
                    + ":subject with the _id search parameter)");
        }
        skipped.add("_include (not probed by this version of the check)");
        if (probes.isEmpty()) {
            throw new Inconclusive("the CapabilityStatement (" + cap.summary() + ") declares no read or search to probe with");
        }
        for (Map.Entry<String, URI> p : probes.entrySet()) {
            HttpExchange x = Fhir.get(ctx, p.getValue(), tokenA);
            if (Fhir.ok(x) && mentions(x, b)) {
                throw fail("patient A's token got patient B's data through " + p.getKey() + ": " + x.summary()
                        + "; expected 403/404 or nothing about B (SMART scopes: patient/ scopes are limited to the patient in context)");
            }
        }
        if (cap.systemInteraction("batch")) {
            String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
                    + "{\"request\":{\"method\":\"GET\",\"url\":\"Patient/" + b + "\"}}]}";
            HttpExchange x = Fhir.send(ctx, new org.hitcert.support.HttpRequestSpec("POST", base,
                    Map.of("Content-Type", "application/fhir+json", "Authorization", "Bearer " + tokenA), bundle));
            if (Fhir.ok(x) && mentions(x, b)) {
                throw fail("patient A's token got patient B's data through a batch Bundle reading Patient/" + b + ": "
                        + x.summary() + "; expected the entry answered 403/404 (SMART scopes: patient/ scopes are limited to "
                        + "the patient in context, also inside a batch)");
            }
            probes.put("batch reading Patient/" + b, base);
        } else {
            skipped.add("batch (the CapabilityStatement declares no batch interaction)");
        }
        ctx.note("not probed", String.join(", ", skipped));
        ctx.pass("patient A's token got nothing of patient B through " + probes.keySet());
    }

    /** Whether a response carries a resource of patient {@code b}: B's Patient, or a resource whose subject/patient is B. */
    static boolean mentions(HttpExchange x, String b) {
        JsonNode doc = x.json().orElse(null);
        if (doc == null) {
            return false;
        }
        List<JsonNode> resources = new ArrayList<>();
        if ("Bundle".equals(doc.path("resourceType").asText())) {
            doc.path("entry").forEach(e -> resources.add(e.path("resource")));
        } else {
            resources.add(doc);
        }
        for (JsonNode r : resources) {
            if ("Bundle".equals(r.path("resourceType").asText())) {
                for (JsonNode e : r.path("entry")) {
                    if ("Patient".equals(e.path("resource").path("resourceType").asText())
                            && b.equals(e.path("resource").path("id").asText())) {
                        return true;
                    }
                }
            }
            if ("Patient".equals(r.path("resourceType").asText()) && b.equals(r.path("id").asText())) {
                return true;
            }
            for (String field : List.of("subject", "patient")) {
                if (("Patient/" + b).equals(r.path(field).path("reference").asText())) {
                    return true;
                }
            }
        }
        return false;
    }
}
