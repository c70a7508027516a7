package org.hitcert.checks.smart;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.clientauth.TokenAnswer;
import org.hitcert.support.ClientAssertions;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;

/**
 * SMART Backend Services ("Request access token", "Issue access token"): client_credentials with private_key_jwt and a
 * system scope yields a bearer token with expires_in (at most 300 is a SHOULD, only noted here) and no refresh token; a missing scope, a wrong
 * grant_type and a broken assertion get RFC 6749 §5.2 JSON errors (invalid_client for the assertion), never a token,
 * HTML or a 5xx.
 */
public final class FollowBackendServicesFlow implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("smart.backend.flow", "Backend Services: client_credentials with private_key_jwt works and fails cleanly",
                List.of("cc-refresh-issued", "assertion-signature-unchecked"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        BackendTokens be = new BackendTokens(ctx);
        HttpExchange ok = be.send("grant_type", "client_credentials", "scope", be.client().scope());
        JsonNode t = ok.json().filter(j -> ok.status() == 200 && j.hasNonNull("access_token")).orElseThrow(() -> fail(
                "client_credentials with a valid assertion and scope '" + be.client().scope() + "' got " + TokenAnswer.of(ok).describe()
                        + "; expected 200 with an access token (SMART Backend Services)"));
        List<String> problems = new ArrayList<>();
        if (!t.path("token_type").asText().equalsIgnoreCase("bearer")) {
            problems.add("token_type is " + t.path("token_type") + ", expected bearer");
        }
        // expires_in is required; "SHOULD NOT exceed 300" is a recommendation, graded by token.access-token.lifetime
        if (!t.path("expires_in").canConvertToLong()) {
            problems.add("expires_in is " + (t.has("expires_in") ? t.path("expires_in") : "absent") + ", expected a number of seconds");
        } else if (t.path("expires_in").asLong() > 300) {
            ctx.note("expires_in", "expires_in is " + t.path("expires_in").asLong() + "; SMART Backend Services recommends "
                    + "at most 300 (a SHOULD, graded by the recommended requirement TK-AT-LIFETIME)");
        }
        if (t.hasNonNull("refresh_token")) {
            problems.add("a refresh_token was issued");
        }
        String jwk = be.client().privateKey().flatMap(s -> s.resolve(System::getenv)).orElseThrow();
        ClientAssertions assertions = ClientAssertions.of(jwk, be.client().clientId(), be.tokenEndpoint());
        Map<String, HttpExchange> negatives = new LinkedHashMap<>();
        negatives.put("no scope", be.send("grant_type", "client_credentials"));
        negatives.put("grant_type=urn:hitcert:made-up", be.send("grant_type", "urn:hitcert:made-up", "scope", be.client().scope()));
        negatives.put("signature byte flipped", ctx.http().send(HttpRequestSpec.postForm(be.tokenEndpoint(), "grant_type",
                "client_credentials", "scope", be.client().scope(), "client_assertion_type", ClientAssertions.JWT_BEARER,
                "client_assertion", ClientAssertions.flipSignatureByte(assertions.baseline().sign()))));
        List<String> seen = new ArrayList<>();
        negatives.forEach((what, x) -> {
            TokenAnswer a = TokenAnswer.of(x);
            seen.add(what + " → " + a.describe());
            boolean defaultScopeOk = what.equals("no scope") && a.tokenIssued(); // RFC 6749 §3.3 lets a server apply a default
            if (defaultScopeOk) {
                ctx.note("no scope", "a request without scope was granted (a default scope); SMART Backend Services makes scope required");
            } else if (a.tokenIssued() || x.status() >= 500 || a.error().isEmpty()) {
                problems.add(what + " got " + a.describe() + " (Content-Type " + x.header("Content-Type").orElse("absent") + ")");
            } else if (what.startsWith("signature") && !a.invalidClient()) {
                problems.add(what + " got " + a.describe() + ", expected invalid_client");
            }
        });
        if (!problems.isEmpty()) {
            throw fail(String.join("; ", problems) + " (SMART Backend Services; RFC 6749 §5.1, §5.2)");
        }
        ctx.pass("200 bearer token, expires_in " + t.path("expires_in") + ", no refresh token; " + String.join("; ", seen));
    }
}
