package org.hitcert.checks.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Optional;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.NotApplicable;
import org.hitcert.model.Candidate.FhirSamples;

/**
 * Which protected FHIR resource a bearer or SMART check reads as its valid request (issue 18 A3), in this order: the
 * candidate file's {@code Patient/<fhir-samples.patient-a>}, the token response's {@code patient}, the resource the ID
 * token's {@code fhirUser} claim names, and only then a search of the Patient type. A server that rightly refuses a
 * search outside the patient compartment still serves the patient's own record, so the valid request is that record
 * wherever the suite can name it.
 */
public final class FhirResources {

    private FhirResources() {
    }

    /** The resource a valid token reads, and where the suite learnt it (for the evidence). */
    public record Resource(URI uri, String source) {
    }

    static URI fhirBase(CheckContext ctx) {
        return org.hitcert.checks.Checks.fhirBase(ctx.target());
    }

    /** As {@link #choose}, with the check's candidate file, noting the choice in the check's evidence. */
    public static URI protectedResource(CheckContext ctx, URI fhirBase, JsonNode tokens) {
        Resource r = choose(fhirBase, ctx.target().fhirSamples(), tokens);
        ctx.note("valid request", "GET " + r.uri() + " (" + r.source() + ")");
        return r.uri();
    }

    /** The resource a valid token of the default user reads (tokens may be null: no token response at hand). */
    static Resource choose(URI fhirBase, FhirSamples samples, JsonNode tokens) {
        if (samples.patientA().isPresent()) {
            return new Resource(Fhir.url(fhirBase, "Patient/" + samples.patientA().get()),
                    "the candidate file's fhir-samples patient-a");
        }
        String patient = tokens == null ? "" : tokens.path("patient").asText("");
        if (!patient.isEmpty()) {
            return new Resource(Fhir.url(fhirBase, "Patient/" + patient), "the token response's patient");
        }
        Optional<URI> user = fhirUser(fhirBase, tokens);
        if (user.isPresent()) {
            return new Resource(user.get(), "the ID token's fhirUser claim");
        }
        return new Resource(Fhir.url(fhirBase, "Patient"), "a Patient search: the candidate file names no fhir-samples "
                + "patient-a, and the token response names no patient and no fhirUser");
    }

    /**
     * The FHIR resource the ID token's {@code fhirUser} names (SMART App Launch: a relative {@code Type/id} or an absolute
     * URL), on this FHIR server: an absolute URL elsewhere is read as its {@code Type/id} under {@code fhirBase}.
     */
    static Optional<URI> fhirUser(URI fhirBase, JsonNode tokens) {
        String idToken = tokens == null ? "" : tokens.path("id_token").asText("");
        String claim = Jwts.parse(idToken).map(p -> p.claims().path("fhirUser").asText("")).orElse("");
        String[] parts = claim.replaceAll("/_history/.*$", "").split("/");
        if (parts.length < 2 || parts[parts.length - 1].isEmpty() || !parts[parts.length - 2].matches("[A-Z][A-Za-z]+")) {
            return Optional.empty();
        }
        return Optional.of(Fhir.url(fhirBase, parts[parts.length - 2] + "/" + parts[parts.length - 1]));
    }
}
