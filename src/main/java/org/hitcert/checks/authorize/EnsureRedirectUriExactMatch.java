package org.hitcert.checks.authorize;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.ParamSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Pkce;

/**
 * RFC 9700 §2.1 and §4.1.3, RFC 6749 §3.1.2.4, OIDC Core §3.1.2.1: redirect URIs are compared by exact string
 * match. Each manipulation of the registered URI is sent in an otherwise valid request; the server must never
 * send the browser to it: no Location header, no meta refresh, no script hop, before or after login.
 */
public final class EnsureRedirectUriExactMatch implements Check {

    static final ParamSpec VARIANTS = new ParamSpec("variants", ParamSpec.Type.STRING_LIST, Redirects.VARIANT_NAMES,
            "manipulations of the registered redirect URI to send: " + Redirects.VARIANT_NAMES);

    @Override
    public CheckInfo info() {
        return new CheckInfo("authorize.redirect-uri.exact-match",
                "No manipulation of the registered redirect URI is ever redirected to",
                List.of("redirect-prefix-match", "redirect-decoded-path"), List.of(VARIANTS), true).browserFlowsPer(VARIANTS);
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Clients.browserClient(ctx.target());
        URI registered = ctx.flow().redirectUri(client);
        URI endpoint = ctx.target().endpoint("authorization").orElseThrow(() -> new IllegalStateException(
                "the candidate states no authorization endpoint"));
        Map<String, String> variants = Redirects.variants(registered, ctx.params().strings(VARIANTS));
        List<String> failures = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        List<String> tried = new ArrayList<>();
        List<String> unseen = new ArrayList<>();
        Map<String, URI> requests = new java.util.LinkedHashMap<>();
        boolean afterLogin = false;
        for (Map.Entry<String, String> v : variants.entrySet()) {
            String name = v.getKey();
            String variant = v.getValue();
            if (name.equals("other-port") && Redirects.loopbackLiteral(registered)) {
                ctx.note("other-port skipped", "the registered URI is an http loopback IP literal, where RFC 8252 §7.3 lets "
                        + "the port vary (AZ-REDIRECT-LOOPBACK tests that)");
                continue;
            }
            tried.add(name);
            Map<String, String> params = ctx.flow().standardParams(client, Pkce.random(16), Pkce.s256(), Pkce.random(16));
            params.put("redirect_uri", variant);
            URI request = HttpRequestSpec.withQuery(endpoint, params.entrySet().stream()
                    .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new));
            HttpExchange x = ctx.http().get(request);
            // the variant itself, or any URI but the registered one that receives a response (a decoded ..%2f, say)
            java.util.function.Predicate<String> elsewhere = url -> Redirects.targets(url, variant)
                    || Redirects.responseElsewhere(url, registered.toString(), endpoint);
            requests.put(name, request);
            Optional<String> hop = Redirects.hop(x, request, elsewhere);
            if (hop.isPresent()) {
                failures.add(name + " (" + variant + "): the authorization endpoint answered with " + hop.get());
                continue;
            }
            if (!Redirects.mayNavigate(x)) {
                continue; // an error page (4xx/5xx) with no script and no refresh: decided before login
            }
            if (!ctx.browser().isRealBrowser()) {
                undecided.add(name);
                continue;
            }
            java.util.Set<String> before = new java.util.HashSet<>(Visits.of(ctx.browser()));
            Map<String, String> overrides = new HashMap<>();
            overrides.put("redirect_uri", variant);
            Authorization auth = ctx.flow().authorize(client, Clients.defaultUser(ctx.target()), overrides,
                    url -> elsewhere.test(url) || Redirects.targets(url, registered.toString()));
            Optional<String> reached = Visits.of(ctx.browser()).stream()
                    .filter(u -> !before.contains(u) && elsewhere.test(u)).findFirst();
            if (reached.isPresent()) {
                failures.add(name + " (" + variant + "): after the login and consent pages the browser was sent to "
                        + ctx.browser().description().split(" ")[0] + " URL " + scrubbed(reached.get(), auth));
            } else if (auth.redirected()) {
                ctx.note(name + " answered at the registered URI", "the server accepted the request for " + variant
                        + " but answered at the registered " + registered + " (no hop to the variant)");
            } else if (!auth.ending().refusalLike()) {
                unseen.add(name + ": " + auth.ending().detail());
            }
        }
        if (failures.isEmpty() && !tried.isEmpty()) {
            // the same variants sent by a browser that has just signed in (the login is the positive control)
            SignedInRequests signedIn = SignedInRequests.signIn(ctx, client, "the redirect URI check");
            for (Map.Entry<String, URI> r : requests.entrySet()) {
                String variant = variants.get(r.getKey());
                signedIn.hop(r.getValue(), url -> Redirects.targets(url, variant)
                        || Redirects.responseElsewhere(url, registered.toString(), endpoint))
                        .ifPresent(h -> failures.add(r.getKey() + " (" + variant + "): " + h));
            }
            afterLogin = true;
        }
        if (!failures.isEmpty()) {
            throw fail("the authorization endpoint redirected to a redirect_uri that is not the registered " + registered
                    + " (RFC 9700 §4.1.3, RFC 6749 §3.1.2.4: exact string match): " + String.join("; ", failures));
        }
        if (!unseen.isEmpty()) {
            throw new Inconclusive("the browser flow of " + unseen.size() + " variant(s) ended neither at a URI nor in a "
                    + "recognised refusal, so a hop after login could not be observed: " + String.join("; ", unseen));
        }
        if (!undecided.isEmpty()) {
            throw new Inconclusive("for " + undecided + " the server showed a page instead of refusing, and only a real browser "
                    + "can follow it through login; running under " + ctx.browser().description());
        }
        ctx.pass("none of " + tried.size() + " manipulations of " + registered + " " + tried
                + " led to a redirect, meta refresh or script hop to it or to any other URI carrying a response, before login"
                + (afterLogin ? " nor sent by a browser signed in with a code for the registered URI" : ""));
    }

    private static String scrubbed(String url, Authorization auth) {
        // the response may carry a code the redactor has not seen (e.g. after a fragment): show parameter names only
        return url.replaceAll("(code|access_token|id_token|refresh_token)=[^&#]*", "$1=…")
                + (auth.param("code").isPresent() ? " (with a code)" : "");
    }
}
