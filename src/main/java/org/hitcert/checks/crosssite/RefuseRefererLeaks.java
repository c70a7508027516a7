package org.hitcert.checks.crosssite;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.BrowserSession;
import org.hitcert.support.Pkce;

/**
 * RFC 9700 §4.2 (and RFC 6749 §10.12, §10.5): the authorization server's pages must not hand the values of the
 * authorization request or response (state, code) to other sites through the Referer header: §4.2.4 says these
 * pages SHOULD NOT include third-party resources and SHOULD suppress the Referer (Referrer-Policy). Observed in
 * Chromium's network log while the test user signs in and consents, and while an error page is shown: FAIL when
 * any request to a host that is neither the candidate's nor the client's redirect URI carried the flow's state or
 * code in its Referer; third-party requests without them are noted.
 */
public final class RefuseRefererLeaks implements Check {

    private static final long SUBRESOURCE_WAIT_MS = 700;

    /** One request the browser sent: its URL and the Referer it carried, if any. */
    record Sent(String url, Optional<String> referer) {
    }

    @Override
    public CheckInfo info() {
        return new CheckInfo("crosssite.referer.no-leak",
                "The authorization server's pages send the flow's state and code to no other site in the Referer",
                List.of("referer-leaks-state"), List.of(), true).readsNetworkEvents();
    }

    @Override
    public void run(CheckContext ctx) throws Exception {
        BrowserSession browser = ctx.browser();
        if (!browser.isRealBrowser()) {
            throw new Inconclusive("the Referer a page's subresources carry is decided by the browser engine, and "
                    + browser.description() + " is not a real browser: run with Chromium");
        }
        var target = ctx.target();
        var client = Pages.browserClient(target);
        browser.networkEvents(); // only this check's traffic from here on
        var auth = ctx.flow().authorize(client, Pages.defaultUser(target), Map.of());
        if (!auth.redirected()) {
            throw new Inconclusive("the sign-in did not complete (" + auth.landedAt()
                    + auth.loginProblem().map(p -> ": " + p).orElse("") + "), so the pages of a whole flow were not observed");
        }
        String errorState = Pkce.random(16);
        browser.open(Pages.authorizationRequest(target, client, Map.of("client_id", "hitcert-unknown-client-" + Pkce.random(4),
                "state", errorState)));
        Thread.sleep(SUBRESOURCE_WAIT_MS);
        List<Sent> sent = requests(browser.networkEvents());
        URI authorize = Pages.authorizationEndpoint(target);
        if (sent.stream().noneMatch(s -> s.url().startsWith(authorize.toString()))) {
            throw new Inconclusive("the browser keeps no network log here (" + browser.description()
                    + "), so the requests of the candidate's pages could not be observed");
        }
        Set<String> firstParty = new LinkedHashSet<>();
        firstParty.add(host(target.issuer()));
        target.endpoints().values().forEach(u -> firstParty.add(host(u)));
        target.fhirBase().ifPresent(u -> firstParty.add(host(u)));
        firstParty.add(Pages.origin(auth.redirectUri())); // the client: by origin, as the attacker origin shares its host
        Map<String, String> secrets = new HashMap<>();
        secrets.put(auth.state(), "state");
        secrets.put(errorState, "state");
        auth.param("code").ifPresent(c -> secrets.put(c, "code"));
        List<String> leaks = new ArrayList<>();
        List<String> thirdParty = new ArrayList<>();
        classify(sent, firstParty, secrets, leaks, thirdParty);
        if (!thirdParty.isEmpty()) {
            ctx.note("third-party requests from the candidate's pages (RFC 9700 §4.2.4: SHOULD NOT)", String.join("\n", thirdParty));
        }
        if (!leaks.isEmpty()) {
            throw fail("pages of the authorization server sent the flow's secrets to another site in the Referer header: "
                    + String.join("; ", leaks) + "; expected no third-party resources on these pages, or a Referrer-Policy "
                    + "that strips the query (no-referrer, same-origin, strict-origin; RFC 9700 §4.2.4, RFC 6749 §10.12)");
        }
        ctx.pass("of " + sent.size() + " requests the browser sent during sign-in, consent and an error page, none to another "
                + "site carried the state or code in its Referer (" + (thirdParty.isEmpty() ? "no third-party request at all"
                : thirdParty.size() + " third-party request(s), without them") + ")");
    }

    /**
     * Sorts the requests to hosts (or origins) outside {@code firstParty} into {@code leaks} (the Referer contains one of the
     * {@code secrets}, raw or URL-encoded; named, never shown) and {@code thirdParty} (all of them, described).
     */
    static void classify(List<Sent> sent, Set<String> firstParty, Map<String, String> secrets, List<String> leaks,
                         List<String> thirdParty) {
        for (Sent s : sent) {
            URI u;
            try {
                u = URI.create(s.url());
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (u.getHost() == null || !(s.url().startsWith("http:") || s.url().startsWith("https:"))
                    || firstParty.contains(u.getHost().toLowerCase(Locale.ROOT)) || firstParty.contains(Pages.origin(u))) {
                continue;
            }
            String where = Pages.origin(u) + u.getRawPath();
            String from = s.referer().map(RefuseRefererLeaks::originAndPath).orElse("no Referer");
            Set<String> carried = new LinkedHashSet<>();
            s.referer().ifPresent(r -> secrets.forEach((value, name) -> {
                if (value != null && value.length() >= 8
                        && (r.contains(value) || r.contains(URLEncoder.encode(value, StandardCharsets.UTF_8)))) {
                    carried.add(name);
                }
            }));
            thirdParty.add(where + " (Referer: " + from + (carried.isEmpty() ? "" : ", with the " + String.join(" and ", carried)) + ")");
            if (!carried.isEmpty()) {
                leaks.add("a request to " + where + " carried the " + String.join(" and ", carried) + " in its Referer (from " + from + ")");
            }
        }
    }

    /** The browser's requests from its Chrome DevTools network events, with the Referer each carried. */
    @SuppressWarnings("unchecked")
    static List<Sent> requests(List<Map<String, Object>> events) {
        List<String[]> willBeSent = new ArrayList<>(); // requestId, url, referer (or null)
        Map<String, List<String>> extraReferers = new HashMap<>();
        for (Map<String, Object> e : events) {
            Map<String, Object> p = (Map<String, Object>) e.getOrDefault("params", Map.of());
            String id = String.valueOf(p.get("requestId"));
            if ("Network.requestWillBeSent".equals(e.get("method")) && p.get("request") instanceof Map<?, ?> r) {
                willBeSent.add(new String[] {id, String.valueOf(r.get("url")), referer(r.get("headers")).orElse(null)});
            } else if ("Network.requestWillBeSentExtraInfo".equals(e.get("method"))) {
                extraReferers.computeIfAbsent(id, k -> new ArrayList<>()).add(referer(p.get("headers")).orElse(null));
            }
        }
        Map<String, Integer> hop = new HashMap<>();
        List<Sent> out = new ArrayList<>();
        for (String[] w : willBeSent) {
            int k = hop.merge(w[0], 1, Integer::sum) - 1;
            String ref = w[2];
            List<String> extra = extraReferers.getOrDefault(w[0], List.of());
            if (ref == null && k < extra.size()) {
                ref = extra.get(k);
            }
            out.add(new Sent(w[1], Optional.ofNullable(ref)));
        }
        return out;
    }

    private static Optional<String> referer(Object headers) {
        if (headers instanceof Map<?, ?> h) {
            for (Map.Entry<?, ?> e : h.entrySet()) {
                if ("referer".equalsIgnoreCase(String.valueOf(e.getKey())) && e.getValue() != null) {
                    return Optional.of(String.valueOf(e.getValue()));
                }
            }
        }
        return Optional.empty();
    }

    private static String originAndPath(String url) {
        try {
            URI u = URI.create(url);
            return Pages.origin(u) + u.getRawPath() + (u.getRawQuery() == null ? "" : "?…");
        } catch (IllegalArgumentException e) {
            return "an unparsable URL";
        }
    }

    private static String host(URI u) {
        return u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
    }
}
