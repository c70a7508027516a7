package org.hitcert.init;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.support.Browser;
import org.hitcert.support.Pkce;
import org.openqa.selenium.JavascriptExecutor;

/**
 * What the authorization endpoint shows a browser, read for {@code init}: it opens one authorization request (the
 * tester's client id and callback, or a made-up client id) and reads the page it lands on. It proposes the login steps
 * (username, password and submit selectors, each unique on the page) and never types into the page or submits it.
 */
public final class LoginPage {

    /** The client id used when the tester gave none: a server shows most often an error page for it, and says so. */
    public static final String UNKNOWN_CLIENT = "hitcert-init-unregistered-client";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration SETTLED = Duration.ofMillis(2000);

    /**
     * The outcome: the proposed steps (empty when no form was found), where the browser landed (no query), and what
     * the page showed, for the console and the file's comments.
     */
    /** A proposed login step: {@code fill} (with its value) or {@code click}, and the selector; TODO when none matched alone. */
    public record Step(String action, String selector, String value) {

        boolean unmatched() {
            return selector.startsWith("TODO");
        }
    }

    public record Reading(List<Step> steps, String landedAt, String says, boolean atCallback) {

        public boolean found() {
            return !steps.isEmpty();
        }
    }

    /**
     * Finds, on the page: the first displayed password field; the displayed text-like field before it (the username);
     * the form's submit control; or, on a page asking for the username alone, that field and its submit control.
     * Each element gets a selector that matches it alone: #id, else tag[name="..."], else tag[type="..."].
     */
    private static final String READ = """
            function shown(e) { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
                && getComputedStyle(e).visibility !== 'hidden'; }
            function unique(s) { try { return document.querySelectorAll(s).length === 1; } catch (x) { return false; } }
            function selector(e) {
              const tag = e.tagName.toLowerCase();
              if (e.id && /^[A-Za-z][A-Za-z0-9_-]*$/.test(e.id) && unique('#' + e.id)) return '#' + e.id;
              const name = e.getAttribute('name');
              if (name && unique(tag + '[name="' + name + '"]')) return tag + '[name="' + name + '"]';
              const type = e.getAttribute('type');
              if (type && unique(tag + '[type="' + type + '"]')) return tag + '[type="' + type + '"]';
              if (e.form && e.form.id && /^[A-Za-z][A-Za-z0-9_-]*$/.test(e.form.id)) {
                const s = '#' + e.form.id + ' ' + tag + (type ? '[type="' + type + '"]' : '');
                if (unique(s)) return s;
              }
              return null;
            }
            const fields = Array.from(document.querySelectorAll('input')).filter(shown);
            const password = fields.find(e => (e.getAttribute('type') || '').toLowerCase() === 'password');
            const texty = e => ['', 'text', 'email', 'tel'].includes((e.getAttribute('type') || '').toLowerCase());
            let user = null;
            for (const e of fields) { if (e === password) break; if (texty(e)) user = e; }
            if (!password && !user) { user = fields.find(texty) || null; }
            const scope = (password || user) ? ((password || user).form || document) : null;
            let submit = null;
            if (scope) {
              const buttons = Array.from(scope.querySelectorAll('button, input[type=submit], input[type=image]')).filter(shown);
              submit = buttons.find(b => (b.getAttribute('type') || 'submit').toLowerCase() === 'submit') || buttons[0] || null;
            }
            const text = (document.body ? document.body.innerText : '').replace(/\\s+/g, ' ').trim().slice(0, 160);
            return [user ? selector(user) : null, password ? selector(password) : null, submit ? selector(submit) : null,
                    !!user, !!password, !!submit, text, document.readyState];
            """;

    private LoginPage() {
    }

    /**
     * Opens the authorization request in {@code browser} and reads the page, waiting up to {@code wait} for a form to
     * appear (a page that builds its form with script).
     */
    public static Reading read(Browser browser, URI authorizationEndpoint, String clientId, URI callback, String scope,
                               Duration wait) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", clientId);
        q.put("redirect_uri", callback.toString());
        if (!scope.isBlank()) {
            q.put("scope", scope);
        }
        q.put("state", Pkce.random(16));
        Pkce pkce = Pkce.s256();
        q.put("code_challenge", pkce.challenge());
        q.put("code_challenge_method", "S256");
        StringBuilder url = new StringBuilder(authorizationEndpoint.toString()).append(authorizationEndpoint.getRawQuery() == null ? "?" : "&");
        q.forEach((k, v) -> url.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        url.setLength(url.length() - 1);
        browser.driver().get(url.toString());
        long deadline = System.nanoTime() + wait.toNanos();
        List<?> look = List.of();
        String lastUrl = "";
        long sameSince = System.nanoTime();
        while (true) {
            String at = browser.driver().getCurrentUrl();
            if (at.startsWith(callback.toString())) {
                return new Reading(List.of(), withoutQuery(at), "", true);
            }
            if (!at.equals(lastUrl)) {
                lastUrl = at;
                sameSince = System.nanoTime();
            }
            Object r = ((JavascriptExecutor) browser.driver()).executeScript(READ);
            look = r instanceof List<?> l ? l : List.of();
            boolean complete = look.size() == 8 && "complete".equals(look.get(7));
            boolean anyField = complete && (Boolean.TRUE.equals(look.get(3)) || Boolean.TRUE.equals(look.get(4)));
            // a loaded page that has shown no field for SETTLED at the same URL: an error page, most often; no form is coming
            boolean settled = complete && System.nanoTime() - sameSince > SETTLED.toNanos();
            if (anyField || settled || System.nanoTime() > deadline) {
                break;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String at = withoutQuery(browser.driver().getCurrentUrl());
        if (look.size() != 8) {
            return new Reading(List.of(), at, "", false);
        }
        String says = String.valueOf(look.get(6));
        List<Step> steps = new ArrayList<>();
        Optional<String> user = Optional.ofNullable((String) look.get(0));
        Optional<String> password = Optional.ofNullable((String) look.get(1));
        Optional<String> submit = Optional.ofNullable((String) look.get(2));
        boolean hasUser = Boolean.TRUE.equals(look.get(3));
        boolean hasPassword = Boolean.TRUE.equals(look.get(4));
        if (!hasUser && !hasPassword) {
            return new Reading(List.of(), at, says, false);
        }
        if (hasUser) {
            steps.add(new Step("fill", user.orElse("TODO: a selector for the username field"), "${user.username}"));
        }
        if (hasPassword) {
            steps.add(new Step("fill", password.orElse("TODO: a selector for the password field"), "${user.password}"));
        }
        steps.add(new Step("click", submit.orElse("TODO: a selector for the sign-in button"), ""));
        return new Reading(steps, at, says, false);
    }

    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        int h = url.indexOf('#');
        int cut = q < 0 ? h : h < 0 ? q : Math.min(q, h);
        return cut < 0 ? url : url.substring(0, cut);
    }
}
