package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Pkce;

/**
 * RFC 7662 §2.2: a token that is not active (revoked, made-up) introspects as 200 {"active": false}, never an error or
 * active:true. The revoked one is a backend access token the backend client itself revoked (RFC 7009).
 */
public final class ReportInactiveTokens implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.introspection.inactive", "Revoked and made-up tokens introspect as active:false",
                List.of("introspection-ignores-revocation"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        Map<String, JsonNode> answers = inactiveAnswers(ctx);
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        answers.forEach((what, r) -> {
            seen.add(what + " → " + r);
            if (r == null || !r.has("active") || r.path("active").asBoolean(true)) {
                problems.add(what + " → " + (r == null ? "no 200 JSON answer" : r.toString()));
            }
        });
        if (!problems.isEmpty()) {
            throw fail("inactive tokens were not reported as {\"active\": false}: " + String.join("; ", problems) + " (RFC 7662 §2.2)");
        }
        ctx.pass(String.join("; ", seen));
    }

    /**
     * What introspection answers for a revoked backend access token and a made-up token (null: no 200 JSON). The positive
     * control first: the same introspector sees the backend token active before it is revoked, else INCONCLUSIVE (an
     * active:false would then show nothing about revocation).
     */
    static Map<String, JsonNode> inactiveAnswers(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        calls.endpoint("introspection", "introspection_endpoint");
        calls.endpoint("revocation", "revocation_endpoint");
        ClientSpec backend = calls.backend();
        String at = calls.backendTokens().get("access_token").asText();
        ClientSpec introspector = calls.introspectorOf(backend);
        HttpExchange live = calls.introspect(introspector, at);
        if (!body(live).map(j -> j.path("active").asBoolean(false)).orElse(false)) {
            throw new Inconclusive("introspection of a live backend access token, before revoking it, answered "
                    + live.status() + live.json().map(j -> " " + j.path("error").asText("")).orElse("") + " (expected active:true), "
                    + "so the answers for inactive tokens would show nothing");
        }
        HttpExchange revoked = calls.revoke(backend, at);
        if (revoked.status() != 200) {
            throw fail("the backend client could not revoke its own access token (" + revoked.summary() + "); expected 200 (RFC 7009 §2.2)");
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        out.put("revoked access token (active:true before)", body(calls.introspect(introspector, at)).orElse(null));
        out.put("made-up token", body(calls.introspect(introspector, Pkce.random(32))).orElse(null));
        return out;
    }

    private static java.util.Optional<JsonNode> body(HttpExchange x) {
        return x.status() == 200 ? x.json().filter(JsonNode::isObject) : java.util.Optional.empty();
    }
}
