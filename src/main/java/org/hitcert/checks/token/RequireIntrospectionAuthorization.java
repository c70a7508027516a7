package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;

/**
 * RFC 7662 §2.1 and §4: the introspection endpoint requires authorization, so token scanning is impossible. A live
 * backend access token is introspected with no credentials, with a made-up Basic secret, and with valid client
 * credentials: 401, 401 (no token information either way), then 200 active:true.
 */
public final class RequireIntrospectionAuthorization implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.introspection.authorization", "Introspection answers only authorized callers",
                List.of("introspection-open"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        var endpoint = calls.endpoint("introspection", "introspection_endpoint");
        String at = calls.backendTokens().get("access_token").asText();
        HttpExchange none = ctx.http().send(HttpRequestSpec.postForm(endpoint, "token", at));
        ClientSpec introspector = calls.introspector();
        HttpExchange bad = ctx.http().send(HttpRequestSpec.postForm(endpoint, "token", at).withHeader("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((introspector.clientId() + ":hitcert-wrong-secret").getBytes(StandardCharsets.UTF_8))));
        for (HttpExchange x : List.of(none, bad)) {
            String what = x == none ? "no client credentials" : "a wrong Basic secret for " + introspector.clientId();
            boolean leaked = x.json().map(j -> j.path("active").asBoolean(false) || j.has("scope") || j.has("client_id")).orElse(false);
            if (leaked || x.status() == 200) {
                throw fail("introspection with " + what + " answered " + x.status() + (leaked ? " with token information" : "")
                        + "; expected 401 and nothing about the token (RFC 7662 §2.1, §4)");
            }
            if (x.status() != 401) {
                ctx.note("status", "introspection with " + what + " answered " + x.status() + " (RFC 7662 §2.1 suggests 401)");
            }
        }
        // the token's own client asks (a server may let a client introspect only its own tokens: RFC 7662 §2.2 answers
        // active:false for a token the caller may not introspect)
        ClientSpec owner = calls.introspectorOf(calls.backend());
        HttpExchange good = calls.introspect(owner, at);
        JsonNode body = good.json().orElse(null);
        if (good.status() != 200 || body == null || !body.path("active").asBoolean(false)) {
            throw fail("introspection of a live access token by authenticated client " + owner.clientId() + " answered "
                    + good.status() + (body == null ? "" : " active=" + body.path("active")) + "; expected 200 active:true (RFC 7662 §2.2)");
        }
        ctx.pass("no credentials → " + none.status() + "; wrong secret → " + bad.status() + "; client " + owner.clientId()
                + " → 200 active:true");
    }
}
