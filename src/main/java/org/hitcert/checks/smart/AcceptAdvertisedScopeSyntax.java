package org.hitcert.checks.smart;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.checks.idtoken.OidcFlows;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;

/**
 * SMART App Launch conformance (capabilities permission-v1: SMARTv1 scope syntax; permission-v2: SMARTv2 syntax) and
 * "Scopes for requesting clinical data": a server that advertises a syntax accepts it. For each advertised one the
 * browser client asks for read access to Observations in it (patient/Observation.read, patient/Observation.rs); the
 * grant must keep that access (v1 .read means v2 .rs) and the token must search the patient's Observations.
 */
public final class AcceptAdvertisedScopeSyntax implements Check {

    /** Errors that say nothing about the scope (the user, the login or the server's state). */
    private static final Set<String> NOT_ABOUT_SCOPE = Set.of("access_denied", "login_required", "interaction_required",
            "consent_required", "temporarily_unavailable", "server_error");

    @Override
    public CheckInfo info() {
        return new CheckInfo("smart.scopes.advertised-syntax",
                "Scopes in each advertised SMART syntax (permission-v1 .read, permission-v2 .rs) are granted and work",
                List.of("v2-scopes-refused"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        URI base = org.hitcert.checks.Checks.fhirBase(ctx.target());
        List<String> caps = SmartScopes.capabilities(ctx, base).orElseThrow(() -> new Inconclusive("no readable "
                + ".well-known/smart-configuration with capabilities (DS-SMART's finding): the advertised syntax is unknown"));
        List<String> probes = new ArrayList<>();
        if (caps.contains("permission-v1")) {
            probes.add("patient/Observation.read");
        }
        if (caps.contains("permission-v2")) {
            probes.add("patient/Observation.rs");
        }
        if (probes.isEmpty()) {
            throw new NotApplicable("smart-configuration advertises neither permission-v1 nor permission-v2 " + caps);
        }
        ClientSpec client = OidcFlows.browserClient(ctx);
        List<String> seen = new ArrayList<>();
        for (String probe : probes) {
            // a probe that needs the browser starts it afresh, as the login steps expect (CodeFlow.sharing)
            seen.add(probe(ctx, base, client, probe));
        }
        ctx.pass(String.join("; ", seen));
    }

    private static String probe(CheckContext ctx, URI base, ClientSpec client, String probe) {
        String capability = probe.endsWith(".read") ? "permission-v1" : "permission-v2";
        String scope = SmartScopes.replaceClinical(client.scope(), probe);
        Authorization auth = ctx.flow().authorize(client, OidcFlows.user(ctx, "default"), Map.of("scope", scope));
        if (auth.param("error").isPresent()) {
            String error = auth.param("error").get();
            if (NOT_ABOUT_SCOPE.contains(error)) {
                throw new Inconclusive("the request for " + probe + " answered error=" + error + ", which is not about the scope");
            }
            throw fail("smart-configuration advertises " + capability + ", but a request for " + probe + " was refused "
                    + "with error=" + error + auth.param("error_description").map(d -> " (" + d + ")").orElse(""));
        }
        String code = auth.param("code").orElseThrow(() -> new Inconclusive("the request for " + probe + " gave no code "
                + "(stopped at " + auth.landedAt() + auth.loginProblem().map(p -> ": " + p).orElse("") + ")"));
        HttpExchange x = ctx.flow().redeem(client, code, auth.redirectUri(), auth.pkce().verifier());
        JsonNode tokens = x.json().orElse(null);
        if (x.status() != 200 || tokens == null || !tokens.hasNonNull("access_token")) {
            throw new Inconclusive("the code for " + probe + " did not redeem for an access token (" + x.summary() + ")");
        }
        String granted = tokens.path("scope").asText(scope);
        if (!SmartScopes.permits(granted, "Observation", 's')) {
            throw fail("smart-configuration advertises " + capability + ", but " + probe + " was dropped: the grant is '"
                    + granted + "', with no search of Observations (SMART scopes, " + capability + ")");
        }
        if (capability.equals("permission-v1") && !granted.contains(".read")) {
            ctx.note("v1 scope returned in v2 syntax", "asked for " + probe + ", granted '" + granted + "'; SMART says servers "
                    + "SHOULD return v1 scopes when v1 scopes are requested and granted");
        }
        String patient = tokens.path("patient").asText("");
        URI search = SmartScopes.resolve(base, patient.isEmpty() ? "Observation" : "Observation?patient=" + patient);
        HttpExchange read = ctx.http().get(search, "Accept", "application/fhir+json",
                "Authorization", "Bearer " + tokens.get("access_token").asText());
        if (read.status() == 401) {
            throw new Inconclusive("the API refused the access token for " + probe + " itself (" + read.summary()
                    + "): the bearer checks judge that");
        }
        if (read.status() == 403) {
            throw fail("the grant '" + granted + "' for " + probe + " does not let the token search Observations: "
                    + read.summary() + " (" + capability + " is advertised)");
        }
        if (read.status() != 200) {
            throw new Inconclusive("an Observation search with the token for " + probe + " answered " + read.summary());
        }
        return probe + " (" + capability + ") granted as '" + granted + "'; an Observation search with it answered 200";
    }
}
