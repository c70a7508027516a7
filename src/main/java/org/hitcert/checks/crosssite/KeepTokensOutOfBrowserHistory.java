package org.hitcert.checks.crosssite;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.Browser.HistoryEntry;
import org.hitcert.support.BrowserSession;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpRequestSpec;

/**
 * RFC 9700 §4.3.2 (leakage from the browser history) and §2.1.2 (no response types that put an access token in the
 * authorization response): what the browser ends up holding. In Chromium the test user runs the code flow, then the
 * client asks for {@code response_type=token}, the hybrid types {@code code token} and {@code code id_token token}, and
 * {@code code} with {@code response_mode=fragment}; afterwards the tab's session history (Chrome DevTools) is read. FAIL
 * when any URL in it, query or fragment, holds an access or refresh token. An authorization code in the callback's query
 * is how the code flow works (§4.3.2.1 counters it with one-time codes, TK-CODE-ONCE, and PKCE): it is reported, not failed.
 */
public final class KeepTokensOutOfBrowserHistory implements Check {

    /** Parameters whose value is a bearer credential: one of them in any history URL is a FAIL. */
    static final List<String> TOKENS = List.of("access_token", "refresh_token");
    /** Parameters whose values are shown in the evidence; every other value is masked. */
    private static final Set<String> SHOWN = Set.of("error", "token_type", "response_type", "response_mode", "client_id", "scope",
            "prompt", "code_challenge_method");

    /** Parameters the run's redactor masks by name wherever evidence holds {@code name=value}. */
    private static final Set<String> REDACTED_BY_NAME = Set.of("access_token", "refresh_token", "id_token", "code");

    /** The authorization requests tried after the code flow, as parameter overrides. */
    static final List<Map<String, String>> VARIANTS = List.of(
            Map.of("response_type", "token"),
            Map.of("response_type", "code token"),
            Map.of("response_type", "code id_token token"),
            Map.of("response_mode", "fragment"));

    /** What one history entry holds: the credential-like parameters found in its query and fragment. */
    record Holding(HistoryEntry entry, Set<String> inQuery, Set<String> inFragment) {

        boolean holdsToken() {
            return TOKENS.stream().anyMatch(t -> inQuery.contains(t) || inFragment.contains(t));
        }
    }

    @Override
    public CheckInfo info() {
        return new CheckInfo("crosssite.history.no-tokens",
                "No access or refresh token ever lands in a URL of the browser's history (code flow, implicit, hybrid, fragment)",
                List.of("implicit-allowed", "hybrid-token-allowed"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        BrowserSession browser = ctx.browser();
        if (!browser.isRealBrowser()) {
            throw new Inconclusive("the browser's history is read through Chrome DevTools, and " + browser.description()
                    + " is not a real browser: run with Chromium");
        }
        List<HistoryEntry> before = browser.navigationHistory().orElseThrow(() -> new Inconclusive(
                "the browser (" + browser.description() + ") does not expose its navigation history (Chrome DevTools "
                        + "Page.getNavigationHistory), so what it holds could not be observed"));
        int baseline = before.stream().mapToInt(HistoryEntry::id).max().orElse(Integer.MIN_VALUE);
        var target = ctx.target();
        var client = Pages.browserClient(target);
        var user = Pages.defaultUser(target);
        Authorization codeFlow = ctx.flow().authorize(client, user, Map.of());
        if (!codeFlow.redirected()) {
            throw new Inconclusive("the code flow did not reach the redirect URI (" + codeFlow.landedAt()
                    + codeFlow.loginProblem().map(p -> ": " + p).orElse("") + "), so the history of a real sign-in was not observed");
        }
        List<String> answers = new ArrayList<>();
        answers.add("code → " + describe(codeFlow));
        for (Map<String, String> variant : VARIANTS) {
            Authorization a = ctx.flow().authorize(client, user, variant);
            answers.add(String.join(", ", variant.values()) + " → " + describe(a));
        }
        List<HistoryEntry> after = browser.navigationHistory().orElseThrow(() -> new Inconclusive(
                "the browser's navigation history could no longer be read after the flows"));
        List<HistoryEntry> entries = after.stream().filter(e -> e.id() > baseline).toList();
        if (entries.isEmpty()) {
            throw new Inconclusive("the browser's history gained no entry during " + (VARIANTS.size() + 1)
                    + " authorization requests, so what it holds could not be observed");
        }
        List<Holding> holdings = entries.stream().map(KeepTokensOutOfBrowserHistory::holding).toList();
        ctx.note("browser history after the flows (values masked)", String.join("\n",
                entries.stream().map(e -> e.id() + " " + e.transition() + " " + masked(e.url())).toList()));
        ctx.note("authorization requests and what they were answered", String.join("\n", answers));
        List<String> found = holdings.stream().filter(Holding::holdsToken).map(KeepTokensOutOfBrowserHistory::finding).toList();
        if (!found.isEmpty()) {
            throw fail("the browser's history holds " + String.join("; ", found) + ": anyone with access to the device (or a "
                    + "synced profile) can read and replay it; expected no access token in any URL, so no implicit or hybrid "
                    + "response type that returns one (RFC 9700 §2.1.2, §4.3.2.2: use the code flow or form_post)");
        }
        ctx.pass(entries.size() + " history entries after the code flow and the token, hybrid and fragment requests hold no "
                + "access or refresh token (" + String.join("; ", answers) + ")" + codeNote(holdings));
    }

    /** The credential-like parameters an entry's URL carries, by where. */
    static Holding holding(HistoryEntry entry) {
        Set<String> query = new LinkedHashSet<>();
        Set<String> fragment = new LinkedHashSet<>();
        try {
            URI u = new URI(entry.url());
            names(u.getRawQuery(), query);
            names(u.getRawFragment(), fragment);
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            // an entry that is not a URI (or not URL-encoded) holds no parameters this check can read
        }
        return new Holding(entry, query, fragment);
    }

    private static void names(String raw, Set<String> into) {
        for (String name : HttpRequestSpec.parseQuery(raw).keySet()) {
            if (TOKENS.contains(name) || name.equals("code") || name.equals("id_token")) {
                into.add(name);
            }
        }
    }

    private static String finding(Holding h) {
        List<String> where = new ArrayList<>();
        for (String t : TOKENS) {
            if (h.inFragment().contains(t)) {
                where.add("an " + t.replace('_', ' ') + " in the fragment");
            }
            if (h.inQuery().contains(t)) {
                where.add("an " + t.replace('_', ' ') + " in the query");
            }
        }
        return String.join(" and ", where).replace("an refresh", "a refresh") + " of entry " + h.entry().id() + " ("
                + masked(h.entry().url()) + ")";
    }

    /** Where authorization codes sat in the history: the normal case in the query, said for the tester. */
    static String codeNote(List<Holding> holdings) {
        long inQuery = holdings.stream().filter(h -> h.inQuery().contains("code")).count();
        long inFragment = holdings.stream().filter(h -> h.inFragment().contains("code")).count();
        if (inQuery + inFragment == 0) {
            return "";
        }
        return "; an authorization code sits in " + (inQuery > 0 ? inQuery + " callback URL quer" + (inQuery == 1 ? "y" : "ies") : "")
                + (inQuery > 0 && inFragment > 0 ? " and " : "") + (inFragment > 0 ? inFragment + " fragment(s)" : "")
                + ", as in any code flow: RFC 9700 §4.3.2.1 counters it with one-time codes (TK-CODE-ONCE) and PKCE";
    }

    private static String describe(Authorization a) {
        if (!a.redirected()) {
            return "stopped at " + a.landedAt();
        }
        if (a.param("error").isPresent()) {
            return "error=" + a.param("error").get();
        }
        List<String> got = new ArrayList<>();
        for (String name : List.of("code", "access_token", "id_token", "refresh_token")) {
            if (a.fragment().containsKey(name)) {
                got.add(name + " (fragment)");
            } else if (a.param(name).isPresent()) {
                got.add(name + " (query)");
            }
        }
        return got.isEmpty() ? "redirect without code or token" : String.join(", ", got);
    }

    /**
     * A history URL for the evidence: scheme, host, path and parameter names, harmless values ({@link #SHOWN}), and "…" for
     * the rest, except codes and tokens: those are left to the run's redactor, which masks every code and token parameter
     * of the evidence with a fingerprint of its value (so a tester can tell two apart, and match them to other checks).
     */
    static String masked(String url) {
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || u.getHost() == null) {
                return u.getScheme() == null ? "(unparsable)" : u.getScheme() + ":…";
            }
            return Pages.origin(u) + (u.getRawPath() == null ? "" : u.getRawPath()) + maskedParams("?", u.getRawQuery())
                    + maskedParams("#", u.getRawFragment());
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return "(unparsable)";
        }
    }

    private static String maskedParams(String sep, String raw) {
        if (raw == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            String shown;
            if (SHOWN.contains(name)) {
                shown = java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8).replaceAll("[^A-Za-z0-9_ .:/-]", "?");
            } else if (REDACTED_BY_NAME.contains(name) && value.matches("[A-Za-z0-9._~%+/=-]+")) {
                shown = value; // still URL-encoded: one run of characters the redactor masks whole
            } else {
                shown = "…";
            }
            parts.add(name.replaceAll("[^A-Za-z0-9_.-]", "?") + "=" + shown);
        }
        return sep + String.join("&", parts);
    }
}
