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
import org.hitcert.support.HttpRequestSpec;

/**
 * SMART scopes and launch context (patient scopes) and SMART App Launch: a token with patient-level scopes and patient
 * A in context never yields patient B's data, whether read by id or reached through search parameters, _include,
 * _revinclude, $everything, or a batch or transaction Bundle. Every probe is sent whether or not the CapabilityStatement
 * declares it: an undeclared endpoint that leaks is still a leak. Patient B and B's Observation come from the candidate
 * file's fhir-samples, else from the {@code other} user's token; either way B's own token must be served them first (the
 * declared ids exist and the recogniser sees B in the server's answers), and each probe is also sent with B's token, so
 * the evidence shows which probes could have seen a leak. B is recognised in relative, absolute and versioned references,
 * in JSON and XML ({@link PatientMentions}).
 */
public final class EnforcePatientCompartment implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("bearer.patient-compartment.enforced",
                "A patient-scoped token for patient A never yields patient B's data (read, search, includes, "
                        + "$everything, batch, transaction)",
                List.of("compartment-leak", "include-leaks-compartment", "everything-leaks-compartment",
                        "batch-leaks-compartment", "include-forward-leaks-compartment", "transaction-leaks-compartment",
                        "undeclared-revinclude-leaks-compartment", "compartment-leak-absolute-references"),
                List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        URI base = FhirResources.fhirBase(ctx);
        String tokenA = Fhir.sharedAccessToken(ctx);
        String a = Fhir.patientA(ctx, ctx.sharedTokens());
        Other other = other(ctx, base);
        String b = other.patient();
        if (a.equals(b)) {
            throw new Inconclusive("patient A and patient B are the same patient (" + a + "): declare another user as 'other' "
                    + "or fhir-samples patient-b");
        }
        Fhir.baseline(ctx, Fhir.url(base, "Patient/" + a), tokenA, "patient A reading Patient/" + a);
        Map<String, HttpRequestSpec> probes = new LinkedHashMap<>();
        probes.put("read Patient/" + b, get(base, "Patient/" + b));
        probes.put("search Patient?_id=" + b, get(base, "Patient?_id=" + b));
        probes.put("search Observation?patient=" + b, get(base, "Observation?patient=" + b));
        probes.put("search Observation?subject=Patient/" + b, get(base, "Observation?subject=Patient/" + b));
        other.observation().ifPresent(id -> probes.put("read Observation/" + id + " (patient B's)", get(base, "Observation/" + id)));
        probes.put("Patient/" + b + "/$everything", get(base, "Patient/" + b + "/$everything"));
        for (String rev : List.of("Observation:patient", "Observation:subject")) {
            probes.put("search Patient?_id=" + b + "&_revinclude=" + rev, get(base, "Patient?_id=" + b + "&_revinclude=" + rev));
        }
        for (String inc : List.of("Observation:patient", "Observation:subject")) {
            probes.put("search Observation?patient=" + b + "&_include=" + inc,
                    get(base, "Observation?patient=" + b + "&_include=" + inc));
        }
        for (String kind : List.of("batch", "transaction")) {
            probes.put("a " + kind + " Bundle reading Patient/" + b, Fhir.bundleGet(base, "", kind, "Patient/" + b));
        }
        List<String> seenByB = new ArrayList<>();
        List<String> notServedToB = new ArrayList<>();
        for (Map.Entry<String, HttpRequestSpec> p : probes.entrySet()) {
            HttpExchange x = Fhir.send(ctx, withToken(p.getValue(), tokenA));
            if (Fhir.ok(x) && PatientMentions.mentions(x, b)) {
                throw fail("patient A's token got patient B's data through " + p.getKey() + ": " + x.summary()
                        + "; expected 403/404 or nothing about B (SMART scopes: patient/ scopes are limited to the patient "
                        + "in context)");
            }
            HttpExchange own = Fhir.send(ctx, withToken(p.getValue(), other.token()));
            (Fhir.ok(own) && PatientMentions.mentions(own, b) ? seenByB : notServedToB).add(p.getKey() + " (B's own token: "
                    + own.status() + ")");
        }
        ctx.note("patient B", other.source());
        ctx.note("probes B's own token was served B's data by (each could have shown a leak)", String.join(", ", seenByB));
        if (!notServedToB.isEmpty()) {
            ctx.note("probes that served B nothing even to B's own token (unsupported here: nothing to leak)",
                    String.join(", ", notServedToB));
        }
        ctx.pass("patient A's token got nothing of patient B through " + probes.size() + " probes, " + seenByB.size()
                + " of which served B's data to B's own token");
    }

    private static HttpRequestSpec get(URI base, String path) {
        return HttpRequestSpec.get(Fhir.url(base, path));
    }

    private static HttpRequestSpec withToken(HttpRequestSpec spec, String token) {
        return spec.withHeader("Authorization", "Bearer " + token);
    }

    /** Patient B, one of B's Observations if known, B's own access token, and where they came from. */
    private record Other(String patient, java.util.Optional<String> observation, String token, String source) {
    }

    /**
     * Patient B and an Observation of B: the candidate file's fhir-samples when it names them, else the patient in the
     * {@code other} user's token context and the first Observation its search finds. Either way B's own token must be
     * served them: a declared id that does not exist, or that the recogniser cannot see B in, would make every probe
     * pass for nothing.
     */
    private static Other other(CheckContext ctx, URI base) {
        org.hitcert.model.Candidate.FhirSamples samples = Fhir.samples(ctx);
        JsonNode tokens;
        try {
            ctx.browser().clearSession(); // the browser may be signed in as the default user: B's token must be B's
            tokens = Fhir.tokensFor(ctx, ctx.target().client("second").orElseGet(() -> Fhir.browserClient(ctx)),
                    Fhir.user(ctx, "other"), null);
        } catch (Inconclusive e) {
            throw new Inconclusive("patient B's ids cannot be verified without B's own token (" + e.getMessage()
                    + "): declare the user 'other' (patient B) in the candidate file", e);
        }
        String token = tokens.path("access_token").asText();
        String inContext = tokens.path("patient").asText("");
        if (samples.patientB().isPresent() && !inContext.isEmpty() && !inContext.equals(samples.patientB().get())) {
            throw new Inconclusive("the candidate file names patient-b " + samples.patientB().get() + ", but the other user's "
                    + "token has patient " + inContext + " in context; fix fhir-samples or the user 'other'");
        }
        String b = samples.patientB().orElseGet(() -> Fhir.patient(tokens, "the other user"));
        HttpExchange own = Fhir.get(ctx, Fhir.url(base, "Patient/" + b), token);
        if (!Fhir.ok(own) || !PatientMentions.mentions(own, b)) {
            throw new Inconclusive("patient B (Patient/" + b + (samples.patientB().isPresent() ? ", fhir-samples patient-b"
                    : ", the other user's patient") + ") was not served to B's own token (" + own.summary() + "): declare "
                    + "fhir-samples patient-b as a patient the user 'other' can read");
        }
        java.util.Optional<String> observation = samples.observationB();
        if (observation.isPresent()) {
            HttpExchange obs = Fhir.get(ctx, Fhir.url(base, "Observation/" + observation.get()), token);
            if (!Fhir.ok(obs) || !PatientMentions.mentions(obs, b)) {
                throw new Inconclusive("fhir-samples observation-b (Observation/" + observation.get() + ") was not served to B's "
                        + "own token as an Observation of Patient/" + b + " (" + obs.summary() + "): declare an Observation "
                        + "of patient B");
            }
        } else {
            HttpExchange search = Fhir.get(ctx, Fhir.url(base, "Observation?patient=" + b), token);
            observation = Fhir.ids(search).stream().filter(id -> id.startsWith("Observation/"))
                    .map(id -> id.substring("Observation/".length())).findFirst();
        }
        return new Other(b, observation, token, "Patient/" + b + (samples.patientB().isPresent() ? " from fhir-samples"
                : " from the other user's token context") + (observation.isPresent() ? ", Observation/" + observation.get()
                + (samples.observationB().isPresent() ? " from fhir-samples" : " found by the other user's search") : "")
                + "; served to B's own token");
    }

    /** Whether a response carries a resource of patient {@code b} (see {@link PatientMentions}). */
    static boolean mentions(HttpExchange x, String b) {
        return PatientMentions.mentions(x, b);
    }
}
