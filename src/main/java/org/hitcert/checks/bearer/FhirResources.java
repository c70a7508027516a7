package org.hitcert.checks.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.NotApplicable;

/** Which protected FHIR resource a bearer check reads: the patient in the token's context, else a Patient search. */
final class FhirResources {

    private FhirResources() {
    }

    static URI fhirBase(CheckContext ctx) {
        return org.hitcert.checks.Checks.fhirBase(ctx.target());
    }

    static URI protectedResource(URI fhirBase, JsonNode tokens) {
        String base = fhirBase.toString().endsWith("/") ? fhirBase.toString() : fhirBase + "/";
        String patient = tokens == null ? "" : tokens.path("patient").asText("");
        return URI.create(base + (patient.isEmpty() ? "Patient" : "Patient/" + patient));
    }
}
