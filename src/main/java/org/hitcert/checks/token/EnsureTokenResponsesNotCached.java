package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Checks;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Pkce;

/**
 * RFC 6749 §5.1 (and §5.2, whose error responses the requirement covers alike), OIDC Core §3.1.3.3: every token
 * endpoint response carries {@code Cache-Control: no-store}, for every grant the candidate supports, success and error.
 * Tried: authorization_code (a redeemed code; a made-up code), refresh_token (the refresh token from that code; a
 * made-up one), client_credentials (the backend client; a scope it cannot have), an unknown client_id
 * (invalid_client), and a malformed request (no grant_type, invalid_request). {@code Pragma: no-cache} (RFC 6749 §5.1, deprecated by RFC 9111 §5.4, kept by SMART App Launch) is
 * noted when missing, never a FAIL of this required requirement.
 */
public final class EnsureTokenResponsesNotCached implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.response.no-store",
                "Token endpoint responses, success and error, for every grant, forbid caching",
                List.of("token-cacheable", "error-response-cacheable", "refresh-response-cacheable",
                        "malformed-error-cacheable"), List.of(), true).sharesLogin().readsRefreshTokens();
    }

    /** One token endpoint response as the decision sees it: which grant and outcome, its status and cache headers. */
    record Observed(String label, int status, List<String> cacheControl, List<String> pragma) {

        static Observed of(String label, HttpExchange x) {
            return new Observed(label, x.status(), x.headerValues("Cache-Control"), x.headerValues("Pragma"));
        }

        boolean noStore() {
            return cacheControl.stream().flatMap(v -> List.of(v.split(",")).stream())
                    .anyMatch(d -> d.trim().equalsIgnoreCase("no-store"));
        }

        boolean pragmaNoCache() {
            return pragma.stream().anyMatch(v -> v.trim().toLowerCase().startsWith("no-cache"));
        }

        String describe() {
            return label + " (" + status + ")";
        }
    }

    record Verdict(Optional<String> failure, Optional<String> pragmaNote, String passReason) {
    }

    /** Any response without no-store fails, named by grant and outcome; a missing Pragma is only noted. */
    static Verdict decide(List<Observed> seen) {
        List<String> cacheable = new ArrayList<>();
        List<String> noPragma = new ArrayList<>();
        for (Observed o : seen) {
            if (!o.noStore()) {
                cacheable.add(o.describe() + " has Cache-Control " + (o.cacheControl().isEmpty() ? "absent" : o.cacheControl()));
            }
            if (!o.pragmaNoCache()) {
                noPragma.add(o.describe());
            }
        }
        Optional<String> failure = cacheable.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", cacheable)
                + "; expected Cache-Control: no-store on every token endpoint response, success and error (RFC 6749 §5.1, "
                + "§5.2; OIDC Core §3.1.3.3)");
        Optional<String> note = noPragma.isEmpty() ? Optional.empty() : Optional.of("no Pragma: no-cache on "
                + String.join(", ", noPragma) + " (RFC 6749 §5.1 and SMART App Launch ask for it; RFC 9111 §5.4 deprecates it)");
        List<String> all = seen.stream().map(Observed::describe).toList();
        return new Verdict(failure, note, "Cache-Control: no-store on all " + seen.size() + " token responses: "
                + String.join(", ", all));
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        Optional<JsonNode> discovery = ctx.target().discovery();
        // RFC 8414 §2: without grant_types_supported, authorization_code (and implicit) is assumed
        boolean listed = discovery.map(d -> d.get("grant_types_supported")).filter(JsonNode::isArray).isPresent();
        boolean refreshOffered = !listed || Checks.arrayContains(discovery.get(), "grant_types_supported", "refresh_token");
        boolean ccOffered = listed && Checks.arrayContains(discovery.get(), "grant_types_supported", "client_credentials");
        List<Observed> seen = new ArrayList<>();
        List<String> untried = new ArrayList<>();

        ClientSpec client = org.hitcert.checks.Checks.browserClient(ctx.target());
        Authorization auth = ctx.flow().authorize(client, ctx.target().user("default")
                .orElseThrow(() -> new Inconclusive("no default test user")), Map.of());
        String code = auth.param("code").orElseThrow(() -> new Inconclusive(
                "could not obtain a code to redeem (" + (auth.redirected() ? "response " + auth.response().keySet()
                        : "stopped at " + auth.landedAt()) + ")"));
        HttpExchange success = ctx.flow().redeem(client, code, auth.redirectUri(), auth.pkce().verifier());
        Optional<JsonNode> tokens = success.json().filter(j -> success.status() == 200 && j.hasNonNull("access_token"));
        if (tokens.isEmpty()) {
            throw new Inconclusive("the code did not redeem (" + success.summary() + "), so no success response to inspect");
        }
        seen.add(Observed.of("authorization_code success", success));
        HttpExchange badCode = ctx.flow().redeem(client, Pkce.random(32), auth.redirectUri(), Pkce.s256().verifier());
        seen.add(Observed.of("authorization_code error " + errorCode(badCode), badCode));

        if (tokens.get().hasNonNull("refresh_token")) {
            HttpExchange refreshed = calls.refresh(client, tokens.get().get("refresh_token").asText());
            seen.add(Observed.of("refresh_token " + (refreshed.status() == 200 ? "success" : "answer " + errorCode(refreshed)), refreshed));
        } else if (refreshOffered) {
            untried.add("refresh_token success (the code flow with scope '" + client.scope() + "' gave no refresh token)");
        }
        if (refreshOffered) {
            HttpExchange bad = calls.refresh(client, Pkce.random(32));
            seen.add(Observed.of("refresh_token error " + errorCode(bad), bad));
        }

        Optional<ClientSpec> backend = ctx.target()
                .clientFor("backend", c -> !c.authMethod().equals("private_key_jwt") || c.privateKey().isPresent(), false);
        if (backend.isPresent()) {
            HttpExchange cc = calls.clientCredentials(backend.get(), backend.get().scope());
            seen.add(Observed.of("client_credentials " + (cc.status() == 200 ? "success" : "answer " + errorCode(cc)), cc));
            HttpExchange ccBad = calls.clientCredentials(backend.get(), "hitcert/never-granted.scope");
            seen.add(Observed.of("client_credentials error " + errorCode(ccBad), ccBad));
        } else if (ccOffered) {
            untried.add("client_credentials (the candidate file names no backend client)");
        }

        HttpExchange unknown = ctx.http().send(HttpRequestSpec.postForm(calls.token(), "grant_type", "authorization_code",
                "code", Pkce.random(32), "redirect_uri", auth.redirectUri().toString(), "client_id", "hitcert-unknown-" + Pkce.random(8),
                "code_verifier", Pkce.s256().verifier()));
        seen.add(Observed.of("unknown client_id error " + errorCode(unknown), unknown));
        HttpExchange malformed = calls.post(client, calls.token(), "code", Pkce.random(32), "redirect_uri",
                auth.redirectUri().toString());
        seen.add(Observed.of("malformed request (no grant_type) error " + errorCode(malformed), malformed));

        Verdict v = decide(seen);
        v.pragmaNote().ifPresent(n -> ctx.note("Pragma", n));
        if (!untried.isEmpty()) {
            ctx.note("not tried", String.join("; ", untried));
        }
        if (v.failure().isPresent()) {
            throw fail(v.failure().get());
        }
        ctx.pass(v.passReason());
    }

    /** The RFC 6749 §5.2 error code of an answer, or its status when it names none. Never quotes a token. */
    private static String errorCode(HttpExchange x) {
        return x.json().map(j -> j.get("error")).filter(JsonNode::isTextual).map(JsonNode::asText)
                .orElse(x.status() == 200 ? "(200, no error)" : "(no error code)");
    }
}
