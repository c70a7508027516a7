package org.hitcert.checks.authorize;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Pkce;

/**
 * RFC 6749 §3.1.2.3 and §4.1.2.1, OIDC Core §3.1.2.1, RFC 9700 §4.11: when the client is unknown or missing, or the
 * redirect URI cannot be verified, the server informs the user and must not redirect: neither to the URI the request
 * names (an open redirector) nor to a default one.
 */
public final class RefuseRedirectForUnverifiedRequests implements Check {

    private static final java.time.Duration SETTLE = java.time.Duration.ofMillis(1500);

    @Override
    public CheckInfo info() {
        return new CheckInfo("authorize.redirect-uri.no-redirect-bad-client",
                "Unknown or missing clients and missing redirect URIs get an error page, never a redirect",
                List.of("redirect-error-to-unregistered"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Clients.browserClient(ctx.target());
        URI registered = ctx.flow().redirectUri(client);
        URI endpoint = ctx.target().endpoint("authorization").orElseThrow(() -> new IllegalStateException(
                "the candidate states no authorization endpoint"));
        String foreign = "https://" + Redirects.EVIL_HOST + "/callback";
        String unknownClient = "hitcert-unknown-" + Pkce.random(6);
        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        cases.put("unknown client_id", Map.of("client_id", unknownClient));
        cases.put("unknown client_id, foreign redirect_uri " + foreign, Map.of("client_id", unknownClient, "redirect_uri", foreign));
        cases.put("no client_id", Map.of("client_id", ""));
        boolean oidc = (" " + client.scope() + " ").contains(" openid ");
        if (oidc || client.redirectUris().size() > 1) {
            cases.put("no redirect_uri (" + (oidc ? "an OpenID Connect request, where it is REQUIRED" : "client with several")
                    + ")", Map.of("redirect_uri", ""));
        }
        List<String> failures = new ArrayList<>();
        Map<String, Map.Entry<URI, Predicate<String>>> requests = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> c : cases.entrySet()) {
            Map<String, String> params = ctx.flow().standardParams(client, Pkce.random(16), Pkce.s256(), Pkce.random(16));
            c.getValue().forEach((k, v) -> {
                if (v.isEmpty()) {
                    params.remove(k);
                } else {
                    params.put(k, v);
                }
            });
            String sent = params.getOrDefault("redirect_uri", registered.toString());
            Predicate<String> bounce = url -> Redirects.targets(url, sent) || Redirects.targets(url, registered.toString())
                    || Redirects.responseElsewhere(url, registered.toString(), endpoint);
            URI request = HttpRequestSpec.withQuery(endpoint, params.entrySet().stream()
                    .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new));
            HttpExchange x = ctx.http().get(request);
            Optional<String> hop = Redirects.hop(x, request, bounce);
            if (hop.isEmpty() && Redirects.mayNavigate(x) && ctx.browser().isRealBrowser()) {
                ctx.browser().open(request);
                ctx.browser().awaitArrival(url -> bounce.test(url), SETTLE);
                hop = Visits.of(ctx.browser()).stream().filter(bounce).findFirst().map(u -> "a browser hop to " + u);
                ctx.browser().screenshot(c.getKey());
            }
            hop.ifPresent(h -> failures.add(c.getKey() + ": " + h));
            requests.put(c.getKey(), Map.entry(request, bounce));
        }
        if (failures.isEmpty()) {
            // again by a browser whose user has just signed in: a server may check the client only before its login
            SignedInRequests signedIn = SignedInRequests.signIn(ctx, client, "the unverified-request check");
            requests.forEach((what, r) -> signedIn.hop(r.getKey(), r.getValue()).ifPresent(h -> failures.add(what + ": " + h)));
        }
        if (!failures.isEmpty()) {
            throw fail("the authorization endpoint redirected a request it could not verify (RFC 6749 §4.1.2.1: MUST NOT "
                    + "redirect; RFC 9700 §4.11: open redirector): " + String.join("; ", failures));
        }
        ctx.pass("none of " + cases.keySet() + " was redirected, to the named, the registered or any other URI, before login"
                + " nor by a browser signed in with a code for " + client.clientId());
    }
}
