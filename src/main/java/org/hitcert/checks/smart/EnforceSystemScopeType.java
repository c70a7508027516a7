package org.hitcert.checks.smart;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.checks.clientauth.TokenAnswer;
import org.hitcert.support.HttpExchange;

/**
 * SMART Backend Services, "Enforce Authorization", and SMART scopes: a backend token granted {@code system/Patient.rs}
 * reaches Patients only. With such a token (a baseline Patient read or search must work), an Observation search and a
 * read of an Observation by id must be refused.
 */
public final class EnforceSystemScopeType implements Check {

    static final String SCOPE = "system/Patient.rs";

    @Override
    public CheckInfo info() {
        return new CheckInfo("smart.system-scope.type-enforced",
                "A backend token granted system/Patient.rs cannot read or search Observations",
                List.of("system-scope-type-unchecked", "scope-unenforced"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        URI base = org.hitcert.checks.Checks.fhirBase(ctx.target());
        BackendTokens be = new BackendTokens(ctx);
        String token = token(be, SCOPE);
        String patients = ctx.target().fhirSamples().patientA().map(p -> "Patient/" + p).orElse("Patient");
        HttpExchange baseline = get(ctx, base, patients, token);
        if (!ok(baseline)) {
            throw new Inconclusive("the valid baseline (" + patients + " with a " + SCOPE + " token) was not served ("
                    + baseline.summary() + "), so a refused Observation request would prove nothing");
        }
        Optional<String> observation = ctx.target().fhirSamples().observationA().map(id -> "Observation/" + id)
                .or(() -> firstObservation(ctx, be, base));
        List<String> refused = new ArrayList<>();
        List<String> probes = new ArrayList<>(List.of("Observation"));
        observation.ifPresent(probes::add);
        for (String path : probes) {
            HttpExchange x = get(ctx, base, path, token);
            if (ok(x) && servesObservations(x)) {
                throw fail("a backend token granted only " + SCOPE + " was served " + path + ": " + x.summary()
                        + "; expected 403 (SMART scopes: a system/ scope reaches its resource type only; SMART Backend "
                        + "Services, Enforce Authorization)");
            }
            refused.add(path + ": " + x.status());
            if (observation.isEmpty() && ok(x)) {
                throw new Inconclusive("the Observation search with a " + SCOPE + " token answered " + x.status()
                        + " with no Observation, and no Observation is known to read by id (fhir-samples names no "
                        + "observation-a; a system/Observation.rs token found none): nothing shows the scope's type enforced");
            }
        }
        ctx.note("Observation by id", observation.map(o -> o + (ctx.target().fhirSamples().observationA().isPresent()
                ? " (from fhir-samples)" : " (found with a system/Observation.rs token)")).orElse("none known: search only"));
        ctx.pass("a " + SCOPE + " token read " + patients + " but was refused Observations (" + String.join("; ", refused) + ")");
    }

    private static String token(BackendTokens be, String scope) {
        HttpExchange x = be.send("grant_type", "client_credentials", "scope", scope);
        TokenAnswer a = TokenAnswer.of(x);
        if (!a.tokenIssued()) {
            throw new Inconclusive("the backend client got no token for " + scope + " (" + a.describe() + ")");
        }
        JsonNode t = x.json().orElseThrow();
        String granted = t.path("scope").asText(scope);
        if (!List.of(granted.split(" +")).contains(scope)) {
            throw new Inconclusive("the backend client asked for " + scope + " and was granted '" + granted + "'");
        }
        return t.path("access_token").asText();
    }

    private static Optional<String> firstObservation(CheckContext ctx, BackendTokens be, URI base) {
        HttpExchange x = be.send("grant_type", "client_credentials", "scope", "system/Observation.rs");
        if (!TokenAnswer.of(x).tokenIssued()) {
            return Optional.empty();
        }
        HttpExchange found = get(ctx, base, "Observation", x.json().orElseThrow().path("access_token").asText());
        for (JsonNode e : found.json().map(d -> d.path("entry")).orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance())) {
            if ("Observation".equals(e.path("resource").path("resourceType").asText())) {
                return Optional.of("Observation/" + e.path("resource").path("id").asText());
            }
        }
        return Optional.empty();
    }

    private static HttpExchange get(CheckContext ctx, URI base, String path, String token) {
        String b = base.toString().endsWith("/") ? base.toString() : base + "/";
        return ctx.http().get(URI.create(b + path), "Accept", "application/fhir+json", "Authorization", "Bearer " + token);
    }

    private static boolean ok(HttpExchange x) {
        return x.status() >= 200 && x.status() < 300;
    }

    /** Whether a response carries an Observation (itself, or in a Bundle's entries). */
    static boolean servesObservations(HttpExchange x) {
        JsonNode doc = x.json().orElse(null);
        if (doc == null) {
            return false;
        }
        if ("Observation".equals(doc.path("resourceType").asText())) {
            return true;
        }
        for (JsonNode e : doc.path("entry")) {
            if ("Observation".equals(e.path("resource").path("resourceType").asText())) {
                return true;
            }
        }
        return false;
    }
}
