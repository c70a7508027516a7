package org.hitcert.checks.bearer;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;

/**
 * SMART scopes v2, finer-grained constraints using search parameters: a token granted
 * {@code patient/Observation.rs?category=...|laboratory} reaches laboratory Observations only. The check asks for that
 * scope (where the smart-configuration lists permission-v2), then searches Observations (also by category vital-signs,
 * where declared) and reads a vital-signs Observation of the patient by id: no vital-signs data may come back.
 */
public final class EnforceGranularScopes implements Check {

    static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String GRANULAR = "patient/Observation.rs?category=" + CATEGORY_SYSTEM + "|laboratory";

    @Override
    public CheckInfo info() {
        return new CheckInfo("bearer.smart-granular.enforced",
                "A SMART v2 granular scope (patient/Observation.rs?category=...|laboratory) yields no vital-signs data",
                List.of("granular-scope-ignored"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        URI base = FhirResources.fhirBase(ctx);
        Fhir.Capability cap = Fhir.Capability.of(ctx, base);
        cap.require("Observation", "search-type");
        Fhir.requireSmartCapability(ctx, base, "permission-v2", "no SMART v2 scopes, so no granular scopes");
        ClientSpec client = Fhir.browserClient(ctx);
        JsonNode tokens;
        try {
            tokens = Fhir.tokensFor(ctx, client, Fhir.user(ctx, "default"), Fhir.withResourceScopes(client.scope(), GRANULAR));
        } catch (Inconclusive e) {
            throw new Inconclusive("the server issued no token for the granular scope " + GRANULAR + ": " + e.getMessage());
        }
        String granted = tokens.path("scope").asText(null);
        if (granted != null && !Arrays.asList(granted.split(" ")).contains(GRANULAR)) {
            // the row's MUST holds "if granular scopes are granted" (SMART-SC lets a server grant less than asked)
            throw new NotApplicable("the server did not grant the granular scope " + GRANULAR + " (it granted \"" + granted
                    + "\"): it offers no search-parameter constraints to enforce");
        }
        ctx.note("granted scopes", granted == null ? "(not stated: as requested, RFC 6749 §5.1)" : granted);
        String token = tokens.path("access_token").asText();
        String patient = Fhir.patientA(ctx, tokens);
        String sharedToken = Fhir.sharedAccessToken(ctx);
        URI search = Fhir.url(base, cap.searchParam("Observation", "patient") ? "Observation?patient=" + patient : "Observation");

        Optional<String> lab = Fhir.samples(ctx).laboratoryObservationA().or(() -> find(ctx, search, sharedToken, "laboratory"));
        Optional<String> vital = Fhir.samples(ctx).vitalSignsObservationA().or(() -> find(ctx, search, sharedToken, "vital-signs"));
        ctx.note("sample Observations", "laboratory: " + lab.map(id -> "Observation/" + id).orElse("none found") + ", vital-signs: "
                + vital.map(id -> "Observation/" + id).orElse("none found") + (Fhir.samples(ctx).vitalSignsObservationA().isPresent()
                ? " (from fhir-samples)" : " (found by a search with the shared token)"));
        if (lab.isPresent() && cap.supports("Observation", "read")) {
            Fhir.baseline(ctx, Fhir.url(base, "Observation/" + lab.get()), token, "reading the laboratory Observation "
                    + lab.get() + " with the granular scope");
        } else {
            Fhir.baseline(ctx, search, token, "an Observation search with the granular scope");
        }

        List<String> refused = new ArrayList<>();
        HttpExchange all = Fhir.get(ctx, search, token);
        requireNoVitalSigns(all, "a search " + search.getRawPath() + "?" + search.getRawQuery());
        refused.add("search: " + all.status() + " with " + categories(all));
        if (cap.searchParam("Observation", "category")) {
            URI byCategory = Fhir.url(base, (search.getRawQuery() == null ? "Observation?" : "Observation?" + search.getRawQuery() + "&")
                    + "category=" + CATEGORY_SYSTEM + "%7Cvital-signs");
            HttpExchange x = Fhir.get(ctx, byCategory, token);
            requireNoVitalSigns(x, "a search by category vital-signs");
            refused.add("search by category vital-signs: " + x.status() + " with " + categories(x));
        }
        if (vital.isPresent() && cap.supports("Observation", "read")) {
            HttpExchange x = Fhir.get(ctx, Fhir.url(base, "Observation/" + vital.get()), token);
            requireNoVitalSigns(x, "a read of Observation/" + vital.get());
            refused.add("read Observation/" + vital.get() + ": " + x.status());
        } else if (vital.isEmpty()) {
            throw new Inconclusive("patient " + patient + " has no vital-signs Observation to probe with (fhir-samples names none "
                    + "and the shared token's search found none)");
        }
        ctx.pass("the granular laboratory scope reached no vital-signs data (" + String.join("; ", refused) + ")");
    }

    private static void requireNoVitalSigns(HttpExchange x, String what) {
        if (Fhir.ok(x) && !vitalSigns(x).isEmpty()) {
            throw fail("a token granted only " + GRANULAR + " got vital-signs data through " + what + ": " + x.summary() + " with "
                    + vitalSigns(x) + "; expected no Observation outside category laboratory (SMART scopes v2: a "
                    + "search-parameter constraint limits the scope to matching resources)");
        }
    }

    /** The first Observation of {@code category} that {@code search} finds with {@code token}. */
    private static Optional<String> find(CheckContext ctx, URI search, String token, String category) {
        HttpExchange x = Fhir.get(ctx, search, token);
        for (JsonNode r : resources(x)) {
            if (hasCategory(r, category)) {
                return Optional.of(r.path("id").asText());
            }
        }
        return Optional.empty();
    }

    /** The Observations of a response (a Bundle's entries, or a single resource). */
    static List<JsonNode> resources(HttpExchange x) {
        List<JsonNode> out = new ArrayList<>();
        x.json().ifPresent(doc -> {
            if ("Bundle".equals(doc.path("resourceType").asText())) {
                doc.path("entry").forEach(e -> out.add(e.path("resource")));
            } else {
                out.add(doc);
            }
        });
        return out.stream().filter(r -> "Observation".equals(r.path("resourceType").asText())).toList();
    }

    static List<String> vitalSigns(HttpExchange x) {
        return resources(x).stream().filter(r -> hasCategory(r, "vital-signs")).map(r -> "Observation/" + r.path("id").asText())
                .toList();
    }

    private static String categories(HttpExchange x) {
        List<String> ids = resources(x).stream().map(r -> r.path("id").asText()).toList();
        return ids.isEmpty() ? "no Observation" : "Observations " + ids + " (none vital-signs)";
    }

    /** Whether an Observation has {@code code} among its categories (system observation-category, or none given). */
    static boolean hasCategory(JsonNode r, String code) {
        for (JsonNode c : r.path("category")) {
            for (JsonNode coding : c.path("coding")) {
                if (code.equals(coding.path("code").asText()) && CATEGORY_SYSTEM.equals(coding.path("system").asText(CATEGORY_SYSTEM))) {
                    return true;
                }
            }
        }
        return false;
    }
}
