package org.hitcert.checks.authorize;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Pkce;
import org.openqa.selenium.JavascriptExecutor;

/**
 * RFC 6749 §3.1 (GET MUST be supported, POST MAY) and SMART App Launch 2.x (POST-based authorization is the
 * capability {@code authorize-post}): the same valid authorization request, sent by the browser as a form POST, leads
 * through login to a code that redeems. A server that refuses POST without declaring {@code authorize-post} in its
 * SMART configuration uses the MAY of RFC 6749: not applicable, not a failure.
 */
public final class AcceptGetAndPost implements Check {

    private static final String POST_FORM = "var f = document.createElement('form'); f.method = 'POST'; f.action = arguments[0];"
            + "var p = arguments[1]; for (var k in p) { var i = document.createElement('input'); i.type = 'hidden';"
            + " i.name = k; i.value = p[k]; f.appendChild(i); } document.body.appendChild(f); f.submit();";

    @Override
    public CheckInfo info() {
        return new CheckInfo("authorize.methods.get-and-post",
                "The authorization endpoint serves the same request as GET and as form POST",
                List.of("authorize-post-refused"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Clients.browserClient(ctx.target());
        Authorization get = ctx.flow().authorize(client, Clients.defaultUser(ctx.target()), Map.of());
        if (!get.redirected() || get.param("code").isEmpty()) {
            throw new Inconclusive("the request as GET gave no code (" + get.landedAt() + "), so POST has nothing to compare with");
        }
        URI endpoint = AuthorizationRequests.endpoint(ctx);
        String state = Pkce.random(16);
        Pkce pkce = Pkce.s256();
        String nonce = Pkce.random(16);
        Map<String, String> params = ctx.flow().standardParams(client, state, pkce, nonce);
        HttpExchange probe = ctx.http().send(HttpRequestSpec.postForm(endpoint, AuthorizationRequests.pairs(params)));
        if (probe.status() == 405 || probe.status() == 501) {
            postOptional(ctx, "the authorization request sent as a form POST was answered " + probe.summary());
            throw fail("the authorization request sent as a form POST was answered " + probe.summary()
                    + "; as GET it led to a code (RFC 6749 §3.1, SMART App Launch: POST must be supported)");
        }
        ctx.browser().open(URI.create("about:blank"));
        ((JavascriptExecutor) ctx.browser().driver()).executeScript(POST_FORM, endpoint.toString(), params);
        Authorization post = ctx.flow().complete(endpoint, state, pkce, nonce, ctx.flow().redirectUri(client),
                Clients.defaultUser(ctx.target()), null);
        if (!post.redirected() || post.param("code").isEmpty()) {
            postOptional(ctx, "the authorization request sent as a form POST gave no code (" + (post.redirected()
                    ? "error=" + post.param("error").orElse("none") : "the browser stopped at " + post.landedAt()) + ")");
            throw fail("the authorization request sent as a form POST gave no code: " + (post.redirected()
                    ? "error=" + post.param("error").orElse("none") : "the browser stopped at " + post.landedAt()
                    + post.loginProblem().map(p -> " (" + p + ")").orElse("")) + "; as GET it led to a code (RFC 6749 §3.1, SMART App Launch)");
        }
        HttpExchange token = ctx.flow().redeem(client, post.param("code").get(), post.redirectUri(), pkce.verifier());
        if (token.status() / 100 != 2 || token.json().map(j -> !j.hasNonNull("access_token")).orElse(true)) {
            throw fail("the code from the POST request did not redeem: " + token.summary());
        }
        ctx.pass("the same request as GET and as form POST each led to a code; the POST's code redeemed for a token");
    }

    /** Not applicable unless the SMART configuration declares authorize-post, which makes POST a promise to keep. */
    private static void postOptional(CheckContext ctx, String observed) {
        boolean declared = ctx.target().fhirBase().flatMap(base -> org.hitcert.checks.smart.SmartScopes.capabilities(ctx, base))
                .map(caps -> caps.contains("authorize-post")).orElse(false);
        if (!declared) {
            throw new NotApplicable(observed + "; POST at the authorization endpoint is optional (RFC 6749 §3.1: MAY) "
                    + "and the SMART configuration does not declare the capability authorize-post");
        }
    }
}
