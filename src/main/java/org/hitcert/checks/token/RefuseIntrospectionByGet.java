package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.ClientAuth;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Redactor;

/**
 * RFC 7662 §2.1: introspection is a POST of a form body (a token in a URL ends up in logs); token_type_hint is only an
 * optimisation. Sent with valid client credentials: a GET with the live token in the query (must not answer
 * active:true), and a POST with a wrong hint (must still answer active:true).
 */
public final class RefuseIntrospectionByGet implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.introspection.form-post", "Introspection takes a POSTed form; the hint does not change the answer",
                List.of("introspection-get-allowed"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        var endpoint = calls.endpoint("introspection", "introspection_endpoint");
        String at = calls.backendTokens().get("access_token").asText();
        ClientSpec client = calls.introspectorOf(calls.backend());
        // the positive control: the same client's plain POST sees the token active, else neither half shows anything
        HttpExchange control = calls.introspect(client, at);
        if (control.status() != 200 || !control.json().map(j -> j.path("active").asBoolean(false)).orElse(false)) {
            throw new org.hitcert.checks.Inconclusive("the live backend access token introspected by " + client.clientId()
                    + " with a plain POST answered " + control.summary() + " (expected 200 active:true), so a refused GET or a"
                    + " wrong hint's answer would show nothing");
        }
        HttpRequestSpec post = new ClientAuth(System::getenv, new Redactor()).tokenRequest(client, endpoint, "token", at);
        // the same authenticated request, its body moved into the query of a GET
        HttpRequestSpec get = new HttpRequestSpec("GET", inQuery(endpoint, post.body()), withoutContentType(post), null);
        HttpExchange viaGet = ctx.http().send(get);
        if (viaGet.status() == 200 && viaGet.json().map(j -> j.path("active").asBoolean(false)).orElse(false)) {
            throw fail("a GET with the token in the query string answered 200 active:true; expected the GET to be refused "
                    + "(RFC 7662 §2.1: HTTP POST with form parameters)");
        }
        HttpExchange hinted = calls.introspect(client, at, "token_type_hint", "refresh_token");
        Optional<JsonNode> r = hinted.json();
        if (hinted.status() != 200 || r.isEmpty() || !r.get().path("active").asBoolean(false)) {
            throw fail("a live access token introspected with token_type_hint=refresh_token answered " + hinted.status()
                    + r.map(j -> " active=" + j.path("active")).orElse("") + "; expected active:true: the server must search "
                    + "further when the hint is wrong (RFC 7662 §2.1)");
        }
        ctx.pass("POST → 200 active:true; the same request as a GET with the token in the query → " + viaGet.status()
                + "; wrong hint → 200 active:true");
    }

    private static java.net.URI inQuery(java.net.URI endpoint, String query) {
        return java.net.URI.create(endpoint + (endpoint.getRawQuery() == null ? "?" : "&") + query);
    }

    private static java.util.Map<String, String> withoutContentType(HttpRequestSpec post) {
        java.util.Map<String, String> h = new java.util.LinkedHashMap<>(post.headers());
        h.remove("Content-Type");
        return h;
    }
}
