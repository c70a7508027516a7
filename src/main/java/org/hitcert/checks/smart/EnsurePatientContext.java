package org.hitcert.checks.smart;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.NotApplicable;
import org.hitcert.checks.idtoken.OidcFlows;
import org.hitcert.support.HttpExchange;

/**
 * SMART App Launch, scopes and launch context ("launch/patient"): a standalone launch with launch/patient
 * establishes a patient context, returned as {@code patient} beside the access token, and patient/ scopes confine
 * the token to that patient: the patient reads, and a Patient search returns no one else.
 */
public final class EnsurePatientContext implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("smart.patient-context.established",
                "A standalone launch with launch/patient returns a patient, and the API confines the token to it",
                List.of("patient-context-missing"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        String requested = OidcFlows.browserClient(ctx).scope();
        if (!OidcFlows.grants(requested, "launch/patient")) {
            throw org.hitcert.checks.Checks.scopeLacks(ctx.target(), requested, "launch/patient");
        }
        URI base = org.hitcert.checks.Checks.fhirBase(ctx.target());
        JsonNode tokens = ctx.sharedTokens();
        String granted = tokens.path("scope").asText(requested);
        if (!OidcFlows.grants(granted, "launch/patient")) {
            throw new NotApplicable("the candidate granted '" + granted + "' without launch/patient (the user may decline it)");
        }
        String patient = tokens.path("patient").asText("");
        if (patient.isEmpty()) {
            throw fail("launch/patient was granted but the token response names no patient (members "
                    + names(tokens) + "); SMART App Launch requires the patient context beside the access token");
        }
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        String bearer = "Bearer " + tokens.path("access_token").asText();
        HttpExchange read = ctx.http().get(URI.create(root + "Patient/" + patient), "Accept", "application/fhir+json",
                "Authorization", bearer);
        if (read.status() == 401) {
            ctx.note("patient not read", "the FHIR server refused the access token itself (" + read.summary()
                    + "): whether it accepts valid tokens is the bearer checks' finding");
        } else if (read.status() != 200) {
            throw fail("the patient in context, Patient/" + patient + ", is not readable with the token: " + read.summary()
                    + " (SMART: patient/ scopes grant access to the patient in context)");
        }
        HttpExchange search = ctx.http().get(URI.create(root + "Patient"), "Accept", "application/fhir+json",
                "Authorization", bearer);
        List<String> others = new ArrayList<>();
        if (search.status() == 200) {
            for (JsonNode e : search.json().map(j -> j.path("entry")).orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance())) {
                String id = e.path("resource").path("id").asText("");
                if (e.path("resource").path("resourceType").asText().equals("Patient") && !id.equals(patient)) {
                    others.add(id);
                }
            }
        }
        if (!others.isEmpty()) {
            throw fail("a Patient search with a token confined to Patient/" + patient + " returned other patients " + others
                    + " (SMART patient/ scopes limit access to the patient in context)");
        }
        ctx.pass("patient '" + patient + "' in context" + (read.status() == 200 ? ", readable" : " (the token itself was refused)")
                + "; a Patient search " + (search.status() == 200
                ? "returned no other patient" : "was refused (" + search.status() + ")"));
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
