package org.hitcert.checks.authorize;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CallbackServer;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Pkce;

/**
 * RFC 8252 §7.3 and RFC 9700 §4.1.3: a native app's http loopback redirect URI (an IP literal) is matched exactly
 * except for the port, which the app picks at run time. From the registered URI, the port is changed (must be
 * accepted: the browser reaches it with a code), then the path as well (must be refused: no redirect of any kind to
 * it). The suite listens on the loopback port it sends, so no third party is ever reached.
 */
public final class MatchLoopbackRedirectsButPort implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("authorize.redirect-uri.loopback",
                "A native client's loopback redirect URI may change its port, never its path",
                List.of("loopback-port-fixed", "loopback-path-ignored"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) throws Exception {
        ClientSpec app = ctx.target().client("native").orElseThrow(() -> org.hitcert.checks.Checks.noClient("native",
                "a client with role native (an app with an http loopback redirect URI)"));
        URI registered = app.redirectUris().stream().filter(Redirects::loopbackLiteral).findFirst().orElseThrow(() ->
                Inconclusive.notAssessed("an http loopback IP-literal redirect URI of native client " + app.clientId() + " (it has "
                        + app.redirectUris() + ")", "one like http://127.0.0.1/… or http://[::1]/… to its redirect-uris"));
        String path = registered.getRawPath() == null || registered.getRawPath().isEmpty() ? "/" : registered.getRawPath();
        String query = registered.getRawQuery() == null ? "" : "?" + registered.getRawQuery();
        try (CallbackServer listener = CallbackServer.start(URI.create("http://127.0.0.1:0/"), null)) {
            int port = listener.uri().getPort();
            if (port == registered.getPort()) {
                throw new Inconclusive("the loopback port the suite was given (" + port + ") is the registered one; run again");
            }
            String host = registered.getRawAuthority().replaceFirst(":\\d+$", "");
            String portVariant = "http://" + host + ":" + port + path + query;
            String pathVariant = "http://" + host + ":" + port + "/hitcert-other" + query;

            // 1. the port variant must be accepted: the browser ends at it with a code (or, at least, a response)
            HttpExchange first = ctx.http().get(request(ctx, app, portVariant));
            if (!Redirects.mayNavigate(first) && Redirects.hop(first, first.request().uri(), u -> Redirects.targets(u, portVariant)).isEmpty()) {
                throw fail("the authorization endpoint refused " + portVariant + " (" + first.summary() + "), the registered "
                        + registered + " with another port; a loopback redirect URI must accept any port (RFC 8252 §7.3, "
                        + "RFC 9700 §4.1.3)");
            }
            Map<String, String> overrides = new HashMap<>();
            overrides.put("redirect_uri", portVariant);
            Authorization accepted = ctx.flow().authorize(app, Clients.defaultUser(ctx.target()), overrides);
            if (!accepted.redirected() && !accepted.ending().refusalLike()) {
                throw new Inconclusive("the request for " + portVariant + " (the registered " + registered + " with port "
                        + port + ") ended neither at it nor in a recognised refusal: " + accepted.ending().detail());
            }
            if (!accepted.redirected()) {
                throw fail("the request for " + portVariant + " (the registered " + registered + " with port " + port
                        + ") never reached it: " + accepted.ending().detail()
                        + "; a loopback redirect URI must accept any port (RFC 8252 §7.3)");
            }
            String answer = accepted.param("code").isPresent() ? "a code"
                    : "error=" + accepted.param("error").orElse("(none)");

            // 2. the path variant must be refused: no Location, refresh or script hop to it, before or after login
            URI bad = request(ctx, app, pathVariant);
            HttpExchange x = ctx.http().get(bad);
            Optional<String> hop = Redirects.hop(x, bad, u -> Redirects.targets(u, pathVariant));
            if (hop.isPresent()) {
                throw fail("the authorization endpoint redirected to " + pathVariant + ", a path the native client never "
                        + "registered (" + registered + "): " + hop.get() + "; only the port may vary (RFC 8252 §7.3, "
                        + "RFC 9700 §4.1.3)");
            }
            if (Redirects.mayNavigate(x)) {
                if (!ctx.browser().isRealBrowser()) {
                    throw new Inconclusive("for " + pathVariant + " the server showed a page instead of refusing, and only a "
                            + "real browser can follow it; running under " + ctx.browser().description());
                }
                java.util.Set<String> before = new java.util.HashSet<>(Visits.of(ctx.browser()));
                overrides.put("redirect_uri", pathVariant);
                Authorization after = ctx.flow().authorize(app, Clients.defaultUser(ctx.target()), overrides,
                        u -> Redirects.targets(u, pathVariant) || Redirects.targets(u, portVariant));
                Optional<String> reached = Visits.of(ctx.browser()).stream()
                        .filter(u -> !before.contains(u) && Redirects.targets(u, pathVariant)).findFirst();
                if (reached.isPresent() || listener.poll(after.state()).isPresent()) {
                    throw fail("after the login and consent pages the browser was sent to " + pathVariant + ", a path the "
                            + "native client never registered (" + registered + "); only the port may vary (RFC 8252 §7.3)");
                }
            }
            ctx.pass("the registered " + registered + " was accepted with port " + port + " (the browser reached it with "
                    + answer + "), and with the path changed to /hitcert-other it was refused with no redirect");
        }
    }

    private static URI request(CheckContext ctx, ClientSpec app, String redirectUri) {
        Map<String, String> params = ctx.flow().standardParams(app, Pkce.random(16), Pkce.s256(), Pkce.random(16));
        params.put("redirect_uri", redirectUri);
        URI endpoint = ctx.target().endpoint("authorization").orElseThrow(() -> new IllegalStateException(
                "the candidate states no authorization endpoint"));
        return HttpRequestSpec.withQuery(endpoint, params.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new));
    }
}
