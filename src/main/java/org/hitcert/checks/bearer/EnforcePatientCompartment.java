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
 * A in context never yields patient B's data, whether read by id or reached through search parameters, _include,
 * _revinclude, $everything, or a batch or transaction Bundle. Patient B and B's Observation come from the candidate
 * file's fhir-samples, else from a second flow as the {@code other} user; only interactions and search parameters the
 * CapabilityStatement declares are tried.
 */
public final class EnforcePatientCompartment implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("bearer.patient-compartment.enforced",
                "A patient-scoped token for patient A never yields patient B's data (read, search, includes, "
                        + "$everything, batch, transaction)",
                List.of("compartment-leak", "include-leaks-compartment", "everything-leaks-compartment",
                        "batch-leaks-compartment", "include-forward-leaks-compartment", "transaction-leaks-compartment"),
                List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        URI base = FhirResources.fhirBase(ctx);
        Fhir.Capability cap = Fhir.Capability.of(ctx, base);
        String tokenA = Fhir.sharedAccessToken(ctx);
        String a = Fhir.patientA(ctx, ctx.sharedTokens());
        Other other = other(ctx, cap, base);
        String b = other.patient();
        if (a.equals(b)) {
            throw new Inconclusive("patient A and patient B are the same patient (" + a + ")");
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
        String byPatient = null;
        if (cap.supports("Observation", "search-type")) {
            for (String param : List.of("patient", "subject")) {
                if (cap.searchParam("Observation", param)) {
                    String value = param.equals("subject") ? "Patient/" + b : b;
                    byPatient = byPatient == null ? param + "=" + value : byPatient;
                    probes.put("search Observation?" + param + "=" + value, Fhir.url(base, "Observation?" + param + "=" + value));
                }
            }
        } else {
            skipped.add("Observation search");
        }
        other.observation().filter(o -> cap.supports("Observation", "read"))
                .ifPresent(id -> probes.put("read Observation/" + id + " (patient B's)", Fhir.url(base, "Observation/" + id)));
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
        String inc = cap.include("Observation", "Observation:patient") ? "Observation:patient"
                : cap.include("Observation", "Observation:subject") ? "Observation:subject" : null;
        if (inc != null && byPatient != null) {
            probes.put("search Observation?" + byPatient + "&_include=" + inc,
                    Fhir.url(base, "Observation?" + byPatient + "&_include=" + inc));
        } else {
            skipped.add("_include (the CapabilityStatement declares no Observation searchInclude Observation:patient or "
                    + ":subject with a patient or subject search parameter)");
        }
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
        for (String kind : List.of("batch", "transaction")) {
            if (!cap.systemInteraction(kind)) {
                skipped.add(kind + " (the CapabilityStatement declares no " + kind + " interaction)");
                continue;
            }
            HttpExchange x = Fhir.send(ctx, Fhir.bundleGet(base, tokenA, kind, "Patient/" + b));
            if (Fhir.ok(x) && mentions(x, b)) {
                throw fail("patient A's token got patient B's data through a " + kind + " Bundle reading Patient/" + b + ": "
                        + x.summary() + "; expected " + (kind.equals("batch") ? "the entry answered 403/404"
                        : "the transaction refused (403/404)") + " (SMART scopes: patient/ scopes are limited to the patient "
                        + "in context, also inside a " + kind + ")");
            }
            probes.put(kind + " reading Patient/" + b, base);
        }
        ctx.note("patient B", other.source());
        ctx.note("not probed", String.join(", ", skipped));
        ctx.pass("patient A's token got nothing of patient B through " + probes.keySet());
    }

    /** Patient B, one of B's Observations if known, and where they came from. */
    private record Other(String patient, java.util.Optional<String> observation, String source) {
    }

    /**
     * Patient B and an Observation of B from the candidate file's fhir-samples when it names them; else from a flow as
     * the {@code other} user (B is the patient in that token's context, B's Observation the first its search finds).
     */
    private static Other other(CheckContext ctx, Fhir.Capability cap, URI base) {
        org.hitcert.model.Candidate.FhirSamples samples = Fhir.samples(ctx);
        if (samples.patientB().isPresent() && samples.observationB().isPresent()) {
            return new Other(samples.patientB().get(), samples.observationB(), "Patient/" + samples.patientB().get()
                    + " and Observation/" + samples.observationB().get() + " from the candidate file's fhir-samples");
        }
        JsonNode tokens = Fhir.tokensFor(ctx, ctx.target().client("second").orElseGet(() -> Fhir.browserClient(ctx)),
                Fhir.user(ctx, "other"), null);
        String b = samples.patientB().orElseGet(() -> Fhir.patient(tokens, "the other user"));
        java.util.Optional<String> observation = samples.observationB();
        if (observation.isEmpty() && cap.supports("Observation", "search-type") && cap.searchParam("Observation", "patient")) {
            HttpExchange own = Fhir.get(ctx, Fhir.url(base, "Observation?patient=" + b), tokens.path("access_token").asText());
            observation = Fhir.ids(own).stream().filter(id -> id.startsWith("Observation/"))
                    .map(id -> id.substring("Observation/".length())).findFirst();
        }
        return new Other(b, observation, "Patient/" + b + (samples.patientB().isPresent() ? " from fhir-samples"
                : " from the other user's token context") + (observation.isPresent() ? ", Observation/" + observation.get()
                + (samples.observationB().isPresent() ? " from fhir-samples" : " found by the other user's search") : ""));
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
