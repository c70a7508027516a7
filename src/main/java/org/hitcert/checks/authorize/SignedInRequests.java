package org.hitcert.checks.authorize;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.AuthorizationEnding;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;

/**
 * Authorization requests sent as the browser of a user who has just signed in at the authorization server: a server
 * may check a request before its login page and forget to after it (RFC 6749 §4.1.2.1 holds either way). The login is
 * the positive control: the same client's valid request must end with a code, else the half after login is not
 * assessed (INCONCLUSIVE). Each request goes over HTTP with the browser's cookies, and to the browser itself when the
 * answer is a page that may move on by itself.
 */
final class SignedInRequests {

    private static final Duration SETTLE = Duration.ofMillis(1500);

    private final CheckContext ctx;
    private final Optional<String> cookies;

    private SignedInRequests(CheckContext ctx, Optional<String> cookies) {
        this.ctx = ctx;
        this.cookies = cookies;
    }

    /** Signs the default user in, in a fresh browser, with a valid request of {@code client}; INCONCLUSIVE if no code follows. */
    static SignedInRequests signIn(CheckContext ctx, ClientSpec client, String purpose) {
        if (ctx.browser().visited()) {
            ctx.browser().clearSession();
        }
        Authorization a = ctx.flow().authorize(client, Clients.defaultUser(ctx.target()), Map.of());
        if (a.ending().kind() != AuthorizationEnding.Kind.CODE) {
            throw new Inconclusive(purpose + " after login was not assessed: the valid request that signs the user in did not "
                    + "end with a code (" + a.ending().detail() + ")");
        }
        return new SignedInRequests(ctx, ctx.flow().browserCookieHeader(AuthorizationRequests.endpoint(ctx)));
    }

    /** A hop, described, of the answer to {@code request} to a URL {@code bad} accepts; empty when there is none. */
    Optional<String> hop(URI request, Predicate<String> bad) {
        HttpRequestSpec spec = HttpRequestSpec.get(request).withHeader("Accept", "text/html");
        if (cookies.isPresent()) {
            spec = spec.withHeader("Cookie", cookies.get());
        }
        HttpExchange x = ctx.http().send(spec);
        Optional<String> hop = Redirects.hop(x, request, bad);
        if (hop.isPresent() || cookies.isPresent() && !Redirects.mayNavigate(x) || !ctx.browser().isRealBrowser()) {
            return hop.map(h -> "signed in: " + h);
        }
        Set<String> before = new HashSet<>(Visits.of(ctx.browser()));
        ctx.browser().open(request);
        ctx.browser().awaitArrival(bad::test, SETTLE);
        return Visits.of(ctx.browser()).stream().filter(u -> !before.contains(u) && bad.test(u)).findFirst()
                .map(u -> "signed in: a browser hop to " + u.replaceAll("(code|access_token|id_token)=[^&#]*", "$1=…"));
    }
}
