package org.hitcert.checks.smart;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.checks.idtoken.OidcFlows;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;

/**
 * SMART App Launch, "Wildcard scopes" (the granted scopes may differ from the requested ones) and the token response's
 * scope (what was granted; RFC 6749 §5.1: absent means as requested): a client the candidate grants read and search
 * at most ({@code read-only: true}) asks for patient/*.cruds. The answer is a refusal, or a token whose stated scope
 * holds no create, update or delete, whose reads work as stated, and with which the API refuses a write.
 */
public final class EnsureDownscopedGrantStated implements Check {

    static final List<String> ROLES = List.of("public", "confidential", "second", "confidential-jwt", "native");

    @Override
    public CheckInfo info() {
        return new CheckInfo("smart.scopes.downscope-stated",
                "A wildcard request beyond a read-only client's registration gets a token whose scope states what was "
                        + "granted, and the API enforces it",
                List.of("scope-response-echoes-request", "token-response-no-scope"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        URI base = org.hitcert.checks.Checks.fhirBase(ctx.target());
        ClientSpec client = ROLES.stream().map(r -> ctx.target().client(r)).flatMap(Optional::stream)
                .filter(ClientSpec::readOnly).findFirst().orElseThrow(() -> Inconclusive.notAssessed("a browser client marked "
                        + "read-only", "read-only: true on a client the candidate grants read and search at most"));
        boolean v1Only = SmartScopes.capabilities(ctx, base)
                .map(c -> c.contains("permission-v1") && !c.contains("permission-v2")).orElse(false);
        String wildcard = v1Only ? "patient/*.*" : "patient/*.cruds";
        String scope = SmartScopes.replaceClinical(client.scope(), wildcard);
        Authorization auth = ctx.flow().authorize(client, OidcFlows.user(ctx, "default"), Map.of("scope", scope));
        if (auth.param("error").isPresent()) {
            String error = auth.param("error").get();
            if (error.equals("invalid_scope") || error.equals("access_denied")) {
                ctx.pass(wildcard + " for the read-only client " + client.clientId() + " was refused (error=" + error
                        + "): nothing was granted beyond its registration");
                return;
            }
            throw new Inconclusive("the request for " + wildcard + " answered error=" + error + ", not a grant or invalid_scope");
        }
        String code = auth.param("code").orElseThrow(() -> new Inconclusive("the request for " + wildcard
                + " gave no code (stopped at " + auth.landedAt() + auth.loginProblem().map(p -> ": " + p).orElse("") + ")"));
        HttpExchange x = ctx.flow().redeem(client, code, auth.redirectUri(), auth.pkce().verifier());
        JsonNode tokens = x.json().orElse(null);
        if (x.status() != 200 || tokens == null || !tokens.hasNonNull("access_token")) {
            throw new Inconclusive("the code did not redeem for an access token (" + x.summary() + ")");
        }
        Optional<String> problem = grantProblem(wildcard, tokens);
        if (problem.isPresent()) {
            throw fail(problem.get() + " (client " + client.clientId() + ", read-only by the candidate file; SMART App Launch: "
                    + "the token response's scope states what was granted)");
        }
        String granted = tokens.get("scope").asText();
        String patient = tokens.path("patient").asText("");
        String bearer = "Bearer " + tokens.get("access_token").asText();
        if (patient.isEmpty() || !SmartScopes.permits(granted, "Patient", 'r')) {
            ctx.pass(wildcard + " was reduced to '" + granted + "', with no write; " + (patient.isEmpty()
                    ? "no patient in context, so no read or write was tried" : "no read of Patient granted, so no write was tried"));
            return;
        }
        URI resource = SmartScopes.resolve(base, "Patient/" + patient);
        HttpExchange read = ctx.http().get(resource, "Accept", "application/fhir+json", "Authorization", bearer);
        if (read.status() == 401) {
            throw new Inconclusive("the API refused the new access token itself (" + read.summary() + "): whether it "
                    + "enforces the reduced grant could not be seen");
        }
        if (read.status() != 200 || read.json().isEmpty()) {
            throw fail("the token response grants '" + granted + "' but the API refuses reading " + resource + " with it ("
                    + read.summary() + "): the stated scope is not what the token can do");
        }
        // the write probe puts the resource back unchanged, so a server that wrongly accepts it loses no data
        HttpExchange write = ctx.http().send(new HttpRequestSpec("PUT", resource, Map.of("Content-Type",
                "application/fhir+json", "Accept", "application/fhir+json", "Authorization", bearer), read.body()));
        String outcome = switch (judgeWrite(write.status())) {
            case ACCEPTED -> throw fail("the token response grants '" + granted + "' (no update) but the API accepted an "
                    + "update of " + resource + " with it (" + write.summary() + ")");
            case ENFORCED -> "the API refused an update with it (" + write.status() + ")";
            case NO_WRITES -> "the API supports no update (" + write.status() + "), so none can happen";
            case REFUSED -> "the API refused an update with it (" + write.status() + ", not a scope error)";
            case UNCLEAR -> throw new Inconclusive("an update with the reduced token answered " + write.summary()
                    + ": whether the API enforces the grant could not be seen");
        };
        ctx.pass(wildcard + " was reduced to '" + granted + "'; the token reads " + resource + " and " + outcome);
    }

    /** What is wrong with the token response to a request for {@code wildcard} by a read-only client, if anything. */
    static Optional<String> grantProblem(String wildcard, JsonNode tokens) {
        if (!tokens.hasNonNull("scope")) {
            return Optional.of("the token response states no scope, which means " + wildcard + " as requested (RFC 6749 "
                    + "§5.1): either the response hides a reduced grant or write access was granted");
        }
        List<String> writes = SmartScopes.writes(tokens.get("scope").asText());
        if (!writes.isEmpty()) {
            return Optional.of("the token response states scope '" + tokens.get("scope").asText() + "' with write permissions "
                    + writes + ": it echoes the request instead of the reduced grant, or grants writes");
        }
        return Optional.empty();
    }

    enum Write { ACCEPTED, ENFORCED, NO_WRITES, REFUSED, UNCLEAR }

    /** How the API answered an update it must not perform with a read-only token. */
    static Write judgeWrite(int status) {
        if (status / 100 == 2) {
            return Write.ACCEPTED;
        }
        if (status == 401 || status == 403 || status == 404) {
            return Write.ENFORCED; // FHIR lets a server hide what a token may not touch behind 404
        }
        if (status == 405 || status == 501) {
            return Write.NO_WRITES;
        }
        if (status / 100 == 4) {
            return Write.REFUSED;
        }
        return Write.UNCLEAR;
    }
}
