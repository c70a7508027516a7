package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.support.HttpExchange;

/**
 * RFC 7662 §2.2 and SMART token introspection: a live access token introspects as active:true with scope, client_id and
 * exp, and with patient when a patient context was granted (the run's shared user token).
 */
public final class ReportActiveTokenDetails implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.introspection.active", "A live token introspects as active with scope, client_id, exp and context",
                List.of("introspection-minimal"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        calls.endpoint("introspection", "introspection_endpoint");
        JsonNode shared = ctx.sharedTokens();
        HttpExchange first = calls.introspect(calls.introspector(), shared.get("access_token").asText());
        JsonNode tokens = shared;
        HttpExchange x = first;
        if (!first.json().map(j -> j.path("active").asBoolean(false)).orElse(true)) {
            // RFC 7662 §2.2: a server may answer active:false for a token the caller may not introspect (the shared token
            // is a public client's); a live token of the introspecting client itself decides then
            java.util.Optional<org.hitcert.model.Candidate.ClientSpec> own = calls.confidentialCodeClient()
                    .filter(c -> c.clientId().equals(calls.introspector().clientId()));
            org.hitcert.model.Candidate.ClientSpec owner = own.orElseGet(calls::backend);
            tokens = own.isPresent() ? calls.userTokens(owner, java.util.Map.of()) : calls.backendTokens();
            x = calls.introspect(calls.introspectorOf(owner), tokens.get("access_token").asText());
            ctx.note("token introspected", "the run's shared user token introspected by " + calls.introspector().clientId()
                    + " answered active:false; a live " + (own.isPresent() ? "user" : "backend") + " token of client "
                    + owner.clientId() + ", introspected by that client, decides");
        }
        HttpExchange answer = x;
        JsonNode r = answer.json().orElseThrow(() -> fail("introspection answered " + answer.status() + " without JSON (RFC 7662 §2.2)"));
        List<String> missing = new ArrayList<>();
        if (!r.path("active").asBoolean(false)) {
            missing.add("active:true (got " + r.path("active") + ")");
        }
        for (String m : List.of("scope", "client_id", "exp")) {
            if (!r.hasNonNull(m)) {
                missing.add(m);
            }
        }
        if (tokens.hasNonNull("patient") && !tokens.get("patient").asText().equals(r.path("patient").asText())) {
            missing.add("patient " + tokens.get("patient").asText() + " (got " + r.path("patient") + ")");
        }
        if (!missing.isEmpty()) {
            if (tokens == shared) {
                String alive = LiveToken.require(ctx, tokens, "introspection of the run's shared user access token lacks " + missing);
                ctx.note("shared token", "re-validated before the FAIL: " + alive);
            }
            throw fail("introspection of the live user access token lacks " + missing + "; expected them (RFC 7662 §2.2, SMART token introspection)");
        }
        if (!r.hasNonNull("sub") || !r.hasNonNull("iss")) {
            ctx.note("sub/iss", "introspection has no " + (r.hasNonNull("sub") ? "iss" : "sub") + " (SMART: when applicable)");
        }
        List<String> members = new ArrayList<>();
        r.fieldNames().forEachRemaining(members::add);
        ctx.pass("200 active:true with " + members);
    }
}
