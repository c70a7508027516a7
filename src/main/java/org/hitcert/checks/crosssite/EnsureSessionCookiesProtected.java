package org.hitcert.checks.crosssite;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.BrowserSession;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chromium.HasCdp;

/**
 * RFC 6749 §10.12 and RFC 6819 §5.1.1 (derived): the cookies that carry the user's sign-in at the
 * authorization server should be Secure, HttpOnly, and SameSite=Lax or Strict, so that script and cross-site
 * requests cannot use them. Read from the browser after a real sign-in: every cookie it holds for the
 * candidate's hosts. The forged cross-site login itself is tried by {@link RefuseForgedLogin}.
 */
public final class EnsureSessionCookiesProtected implements Check {

    /** One cookie as the browser stored it. */
    record StoredCookie(String name, String domain, boolean secure, boolean httpOnly, Optional<String> sameSite) {
    }

    @Override
    public CheckInfo info() {
        return new CheckInfo("crosssite.cookies.protected",
                "Sign-in cookies of the authorization server are Secure, HttpOnly and SameSite",
                List.of("cookies-insecure"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        BrowserSession browser = ctx.browser();
        var target = ctx.target();
        var auth = ctx.flow().authorize(Pages.browserClient(target), Pages.defaultUser(target), Map.of());
        if (!auth.redirected()) {
            throw new Inconclusive("the sign-in did not complete (" + auth.landedAt()
                    + auth.loginProblem().map(p -> ": " + p).orElse("") + "), so no session cookie could be read");
        }
        URI as = Pages.authorizationEndpoint(target);
        List<StoredCookie> cookies = cookies(browser, as).stream()
                .filter(c -> hostMatches(c.domain(), as.getHost())).toList();
        if (cookies.isEmpty()) {
            ctx.pass("the authorization server left no cookie in the browser after sign-in (no cookie-based session to protect)");
            return;
        }
        List<String> problems = problems(cookies);
        ctx.note("cookies after sign-in", String.join("\n", cookies.stream().map(EnsureSessionCookiesProtected::describe).toList()));
        if (!problems.isEmpty()) {
            throw fail("cookies of the authorization server are not protected against script and cross-site use: "
                    + String.join("; ", problems) + "; expected Secure, HttpOnly and SameSite=Lax or Strict "
                    + "(RFC 6749 §10.12, RFC 6819 §5.1.1)");
        }
        ctx.pass("every cookie of the authorization server is Secure, HttpOnly and SameSite: "
                + String.join(", ", cookies.stream().map(EnsureSessionCookiesProtected::describe).toList()));
    }

    static List<String> problems(List<StoredCookie> cookies) {
        List<String> problems = new ArrayList<>();
        for (StoredCookie c : cookies) {
            List<String> missing = new ArrayList<>();
            if (!c.secure()) {
                missing.add("not Secure");
            }
            if (!c.httpOnly()) {
                missing.add("not HttpOnly");
            }
            String same = c.sameSite().map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
            if (!same.equals("lax") && !same.equals("strict")) {
                missing.add(same.isEmpty() ? "no SameSite" : "SameSite=" + c.sameSite().get());
            }
            if (!missing.isEmpty()) {
                problems.add("cookie " + c.name() + " is " + String.join(", ", missing));
            }
        }
        return problems;
    }

    private static String describe(StoredCookie c) {
        return c.name() + " (" + (c.secure() ? "Secure" : "not Secure") + ", " + (c.httpOnly() ? "HttpOnly" : "not HttpOnly")
                + ", SameSite=" + c.sameSite().orElse("unset") + ")";
    }

    private static boolean hostMatches(String domain, String host) {
        String d = domain.startsWith(".") ? domain.substring(1) : domain;
        return host.equalsIgnoreCase(d) || host.toLowerCase(Locale.ROOT).endsWith("." + d.toLowerCase(Locale.ROOT));
    }

    @SuppressWarnings("unchecked")
    private static List<StoredCookie> cookies(BrowserSession browser, URI as) {
        List<StoredCookie> out = new ArrayList<>();
        if (browser.driver() instanceof HasCdp chrome) {
            Map<String, Object> all = chrome.executeCdpCommand("Network.getAllCookies", Map.of());
            for (Object o : (List<Object>) all.getOrDefault("cookies", List.of())) {
                Map<String, Object> c = (Map<String, Object>) o;
                out.add(new StoredCookie(String.valueOf(c.get("name")), String.valueOf(c.get("domain")),
                        Boolean.TRUE.equals(c.get("secure")), Boolean.TRUE.equals(c.get("httpOnly")),
                        Optional.ofNullable(c.get("sameSite")).map(String::valueOf)));
            }
            return out;
        }
        browser.open(URI.create(Pages.origin(as) + "/"));
        for (Cookie c : browser.driver().manage().getCookies()) {
            out.add(new StoredCookie(c.getName(), c.getDomain() == null ? as.getHost() : c.getDomain(), c.isSecure(),
                    c.isHttpOnly(), Optional.ofNullable(c.getSameSite())));
        }
        return out;
    }
}
