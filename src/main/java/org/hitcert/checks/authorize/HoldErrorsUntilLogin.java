package org.hitcert.checks.authorize;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.dcr.Registrations;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Pkce;

/**
 * RFC 9700 §4.11.2: anyone can register a client with dynamic registration, so an erroneous request (here an unknown
 * scope) from such a client must not send an unauthenticated user straight to the client's redirect URI: the server is
 * then an open redirector under its own trusted URL. A fresh browser with no session sends the request; the server must
 * show its login page (or an error page) before any redirect.
 */
public final class HoldErrorsUntilLogin implements Check {

    static final String BAD_SCOPE = "hitcert-unknown-scope";
    private static final Duration SETTLE = Duration.ofSeconds(2);

    @Override
    public CheckInfo info() {
        return new CheckInfo("authorize.error.no-redirect-before-authn",
                "An erroneous request from a dynamically registered client does not redirect before the user signed in",
                List.of("error-redirect-before-authn"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        URI registration = Registrations.endpoint(ctx);
        HttpExchange registered = Registrations.registerBaseline(ctx, registration);
        try {
            String clientId = Registrations.issued(registered).orElseThrow();
            String redirect = Registrations.REDIRECT_URI;
            URI endpoint = ctx.target().endpoint("authorization").orElseThrow(() -> new IllegalStateException(
                    "the candidate states no authorization endpoint"));
            Pkce pkce = Pkce.s256();
            URI request = HttpRequestSpec.withQuery(endpoint, "response_type", "code", "client_id", clientId,
                    "redirect_uri", redirect, "scope", BAD_SCOPE, "state", Pkce.random(16),
                    "code_challenge", pkce.challenge(), "code_challenge_method", "S256");
            String what = "a request from the dynamically registered client " + clientId + " with the unknown scope "
                    + BAD_SCOPE + ", sent with no session,";

            // without cookies, as a fresh browser: a Location, refresh or script hop to the client is an open redirect
            HttpExchange x = ctx.http().get(request);
            Optional<String> hop = Redirects.hop(x, request, u -> Redirects.targets(u, redirect));
            if (hop.isPresent()) {
                throw fail(what + " was answered with " + hop.get() + " before the user signed in; expected a login or "
                        + "error page first (RFC 9700 §4.11.2: the server must authenticate the user before redirecting)");
            }
            if (!Redirects.mayNavigate(x)) {
                ctx.pass(what + " got an error page (" + x.status() + ") with no redirect to " + redirect);
                return;
            }
            if (!ctx.browser().isRealBrowser()) {
                throw new Inconclusive("the server answered with a page (" + x.summary() + "); only a real browser can tell "
                        + "whether it moves on to " + redirect + " by itself; running under " + ctx.browser().description());
            }
            ctx.browser().clearSession();
            ctx.browser().open(request);
            boolean reached = ctx.browser().awaitArrival(u -> Redirects.targets(u, redirect), SETTLE)
                    || Visits.of(ctx.browser()).stream().anyMatch(u -> Redirects.targets(u, redirect));
            ctx.browser().screenshot("before login");
            if (reached) {
                throw fail(what + " sent the browser on to " + redirect + " without showing a login page; expected a login "
                        + "or error page first (RFC 9700 §4.11.2)");
            }
            ctx.pass(what + " stayed on the server's page (" + x.status() + ", now at " + hostAndPath(ctx.browser().currentUrl())
                    + ") with no redirect to " + redirect + " within " + SETTLE.toSeconds() + " s");
        } finally {
            Registrations.remove(ctx, registered);
        }
    }

    private static String hostAndPath(String url) {
        try {
            URI u = new URI(url);
            return u.getScheme() + "://" + u.getAuthority() + u.getPath();
        } catch (Exception e) {
            return "an unreadable URL";
        }
    }
}
