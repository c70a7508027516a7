package org.hitcert.checks.crosssite;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.NotApplicable;
import org.hitcert.support.AttackerOrigin;
import org.hitcert.support.LoopbackTls;

/**
 * SMART App Launch "CORS support": the FHIR API serves browser apps of registered origins; an arbitrary origin
 * must never get credentialed access (reflected Origin with Access-Control-Allow-Credentials, or '*' with
 * credentials), and its script must not read FHIR responses when it sends the user's cookies. A bearer-token
 * request (Authorization header, so a real preflight) and a cookie-carrying request are both made from the
 * attacker page. Uncredentialed '*' (or reflection) is a SHOULD NOT and only noted.
 */
public final class RefuseCredentialedCorsAtFhirApi implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("crosssite.cors.fhir-api",
                "The FHIR API grants no credentialed cross-origin access to unregistered origins",
                List.of("cors-reflects-origin"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) throws Exception {
        URI fhir = org.hitcert.checks.Checks.fhirBase(ctx.target());
        String base = fhir.toString().endsWith("/") ? fhir.toString() : fhir + "/";
        URI patient = URI.create(base + "Patient");
        try (AttackerOrigin attacker = AttackerOrigin.startCrossSite(LoopbackTls.shared(), ctx.target())) {
            CorsProbe.Result r = CorsProbe.probe(ctx, attacker, "FHIR Patient search", patient, "GET",
                    Map.of("Authorization", "Bearer hitcert-cors-probe-not-a-token"), null);
            if (r.credentialedReadAllowed()) {
                throw fail("the FHIR API lets the unregistered origin " + r.origin() + " read its responses with the user's "
                        + "credentials: " + r.headers() + "; " + r.observed() + "; expected only registered origins, and never "
                        + "an arbitrary origin reflected with credentials (SMART App Launch, CORS support)");
            }
            if (r.reflected() || r.wildcard()) {
                ctx.note("uncredentialed CORS", "the FHIR API answers any origin without credentials (" + r.headers()
                        + "); SMART expects CORS for registered browser apps, and other origins SHOULD NOT be allowed");
            }
            ctx.pass("no credentialed cross-origin access for " + r.origin() + ": " + r.headers() + "; " + r.observed());
        }
    }
}
