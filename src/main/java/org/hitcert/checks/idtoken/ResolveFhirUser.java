package org.hitcert.checks.idtoken;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.NotApplicable;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Jwt;

/**
 * SMART App Launch, scopes and launch context ("fhirUser"): with openid fhirUser granted, the ID token carries a
 * fhirUser claim, a URL (absolute, or relative to the FHIR base) of a Patient, Practitioner, PractitionerRole,
 * RelatedPerson or Person that the access token can read.
 */
public final class ResolveFhirUser implements Check {

    private static final Set<String> TYPES = Set.of("Patient", "Practitioner", "PractitionerRole", "RelatedPerson", "Person");

    @Override
    public CheckInfo info() {
        return new CheckInfo("idtoken.fhiruser.resolves",
                "With the fhirUser scope, the ID token names the user's FHIR resource, readable with the access token",
                List.of("fhiruser-missing"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        JsonNode tokens = ctx.sharedTokens();
        String requested = OidcFlows.browserClient(ctx).scope();
        if (!OidcFlows.grants(requested, "fhirUser")) {
            throw org.hitcert.checks.Checks.scopeLacks(ctx.target(), requested, "fhirUser");
        }
        String granted = tokens.path("scope").asText(requested);
        if (!OidcFlows.grants(granted, "fhirUser")) {
            throw new NotApplicable("the candidate granted scope '" + granted + "' without fhirUser");
        }
        Jwt idToken = OidcFlows.idToken(ctx, tokens, requested);
        String fhirUser = idToken.claim("fhirUser").orElseThrow(() -> fail("the ID token has no fhirUser claim although "
                + "openid fhirUser was granted (SMART App Launch, scopes and launch context)"));
        URI base = org.hitcert.checks.Checks.fhirBase(ctx.target());
        URI url = fhirUser.startsWith("https://") || fhirUser.startsWith("http://") ? URI.create(fhirUser)
                : URI.create((base.toString().endsWith("/") ? base.toString() : base + "/") + fhirUser);
        String type = url.getPath().replaceAll(".*/([A-Za-z]+)/[^/]+/?$", "$1");
        if (!TYPES.contains(type)) {
            throw fail("fhirUser '" + fhirUser + "' does not name a " + TYPES + " resource");
        }
        if (!url.toString().startsWith(base.toString())) {
            ctx.note("fhirUser outside the FHIR base", "fhirUser " + fhirUser + " is not under " + base + "; not read");
            ctx.pass("fhirUser '" + fhirUser + "' names a " + type + " on another server (not read)");
            return;
        }
        HttpExchange x = ctx.http().get(url, "Accept", "application/fhir+json",
                "Authorization", "Bearer " + tokens.path("access_token").asText());
        String resourceType = x.json().map(j -> j.path("resourceType").asText()).orElse("");
        if (x.status() == 401) {
            // the server refused the token itself: that is the bearer checks' finding, not this requirement's
            ctx.note("fhirUser not read", "the FHIR server refused the access token itself (" + x.summary()
                    + "), so readability of fhirUser could not be confirmed");
            ctx.pass("fhirUser '" + fhirUser + "' names a " + type + " on this FHIR server (the server refused the token "
                    + "itself with 401, so the read was not confirmed)");
            return;
        }
        if (x.status() != 200 || !resourceType.equals(type)) {
            throw fail("fhirUser '" + fhirUser + "' does not resolve with the access token: " + x.summary()
                    + (resourceType.isEmpty() ? "" : ", resourceType " + resourceType));
        }
        ctx.pass("fhirUser '" + fhirUser + "' resolves to a " + type + " readable with the access token");
    }
}
