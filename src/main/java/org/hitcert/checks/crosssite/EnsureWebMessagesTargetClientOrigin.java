package org.hitcert.checks.crosssite;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Checks;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.support.AttackerOrigin;
import org.hitcert.support.BrowserSession;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.LoopbackTls;
import org.hitcert.support.Pkce;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchWindowException;
import org.openqa.selenium.WebDriver;

/**
 * RFC 9700 §4.17.2: an authorization server that returns responses by postMessage (response_mode=web_message,
 * draft-meyerzuselha-oauth-web-message-response-mode) MUST post them with targetOrigin the exact origin of the client's
 * registered redirect URI, never "*", or any page that opens the authorization popup receives the code. Applies when the
 * metadata lists web_message in response_modes_supported. In Chromium a page on the client's own origin (the suite's
 * redirect URI) opens the authorization request in a popup and listens: the baseline, which must receive the response.
 * Then a page on the suite's cross-site attacker origin opens the same request for the same client in its own popup and
 * listens too. FAIL when the attacker's page receives the response (its state), or the response page's script posts
 * with targetOrigin "*"; PASS when the client's page received it and the attacker's page, whose popup reached the
 * response page, did not.
 */
public final class EnsureWebMessagesTargetClientOrigin implements Check {

    private static final long MESSAGE_WAIT_MS = 4000;
    private static final long POLL_MS = 150;
    private static final String HARNESS_PATH = "/hitcert-web-message-client";

    /** Keeps the popup open after the response page's window.close(), so that its script can be read. */
    private static final String KEEP_OPEN = "window.close = function () { window.__hitcertCloseCalled = true; };";

    /** Run in the opener: records every message (origin and data), opens an empty popup, and says whether it opened. */
    private static final String OPENER = """
            window.__hitcertMessages = [];
            window.addEventListener('message', function (e) {
              var d;
              try { d = typeof e.data === 'string' ? e.data : JSON.stringify(e.data); } catch (x) { d = String(e.data); }
              if (window.__hitcertMessages.length < 32) {
                window.__hitcertMessages.push({origin: String(e.origin), data: String(d).slice(0, 20000)});
              }
            });
            window.__hitcertPopup = window.open('about:blank', 'hitcert_web_message_' + Date.now());
            return !!window.__hitcertPopup;
            """;

    /** Run in the popup: true once the page looks like a response page carrying this request's state, or tried to close. */
    private static final String RESPONSE_SHOWN = """
            if (window.__hitcertCloseCalled) return true;
            var h = document.documentElement ? document.documentElement.outerHTML : '';
            return document.readyState === 'complete' && h.indexOf(arguments[0]) >= 0 && h.indexOf('postMessage') >= 0;
            """;

    /** One message an opener received: the sender's origin, and whether it carried this request's state and a code. */
    record Message(String origin, boolean carriesState, boolean carriesCode) {
    }

    /**
     * One run of the popup flow from an opener page.
     *
     * @param reached       the popup showed a response page for this request (its state and a postMessage call), tried
     *                      to close itself, or closed
     * @param targetOrigins the targetOrigin arguments of the response page's postMessage calls (string literals as
     *                      written, else the expression), when its script could be read
     */
    record Leg(String opener, boolean reached, List<Message> messages, List<String> targetOrigins, String endedAt,
               Optional<String> loginProblem) {

        boolean received() {
            return messages.stream().anyMatch(Message::carriesState);
        }
    }

    @Override
    public CheckInfo info() {
        return new CheckInfo("crosssite.web-message.target-origin",
                "web_message authorization responses are posted to the client's registered origin only, never to \"*\"",
                List.of("web-message-any-origin"), List.of(), true).takesLong(); // waits for a message that must not come
    }

    @Override
    public void run(CheckContext ctx) throws Exception {
        var target = ctx.target();
        JsonNode metadata = target.discovery().orElseThrow(() -> new NotApplicable("the candidate publishes no authorization "
                + "server metadata, so it advertises no web_message response mode (RFC 9700 §4.17 applies to servers that use it)"));
        if (!Checks.arrayContains(metadata, "response_modes_supported", "web_message")) {
            throw new NotApplicable("the metadata does not list web_message in response_modes_supported ("
                    + (metadata.has("response_modes_supported") ? metadata.get("response_modes_supported").toString()
                    : "absent: query and fragment by default") + "), the common case: the server returns no authorization "
                    + "response by postMessage");
        }
        BrowserSession browser = ctx.browser();
        if (!browser.isRealBrowser()) {
            throw new Inconclusive("who receives a postMessage is decided by the browser engine, and " + browser.description()
                    + " is not a real browser: run with Chromium");
        }
        ClientSpec client = Pages.browserClient(target);
        UserSpec user = Pages.defaultUser(target);
        URI redirect = ctx.flow().redirectUri(client);
        String clientOrigin = Pages.origin(redirect);
        if (!clientOrigin.equals(Pages.origin(target.callback()))) {
            throw new Inconclusive("the client's redirect URI " + redirect + " is not on the suite's callback origin "
                    + Pages.origin(target.callback()) + ", so the suite has no page on the client's origin to receive the response");
        }
        Leg own = leg(ctx, browser, URI.create(clientOrigin + HARNESS_PATH), client, user, redirect);
        Leg attacked;
        String attackerOrigin;
        try (AttackerOrigin attacker = AttackerOrigin.startCrossSite(LoopbackTls.shared(), target)) {
            attackerOrigin = attacker.origin();
            attacked = leg(ctx, browser, attacker.page("<!doctype html><title>hitcert attacker: web_message opener</title>"
                    + "<p>opens the authorization request in a popup and listens for its messages</p>"), client, user, redirect);
        }
        ctx.note("web_message flows", describe(own) + "\n" + describe(attacked));
        ctx.pass(decide(clientOrigin, attackerOrigin, client.clientId(), own, attacked));
    }

    /** The verdict from the two flows: a PASS reason, or a {@link org.hitcert.checks.CheckFailure} / {@link Inconclusive}. */
    static String decide(String clientOrigin, String attackerOrigin, String clientId, Leg own, Leg attacked) {
        Optional<Message> stolen = attacked.messages().stream().filter(Message::carriesState).findFirst();
        if (stolen.isPresent()) {
            throw fail("the attacker's page on " + attackerOrigin + ", which opened an authorization request for client "
                    + clientId + " with response_mode=web_message in a popup, received the authorization response by "
                    + "postMessage from " + stolen.get().origin() + " (its state" + (stolen.get().carriesCode() ? " and a code" : "")
                    + "): the response is posted to whatever window opened the popup; expected targetOrigin " + clientOrigin
                    + ", the origin of the registered redirect URI (RFC 9700 §4.17.2)");
        }
        for (Leg leg : List.of(own, attacked)) {
            if (leg.targetOrigins().contains("*")) {
                throw fail("the web_message response page's script posts the authorization response with targetOrigin \"*\" "
                        + "(seen in the popup opened by the " + leg.opener() + "): any page that opens the authorization popup "
                        + "receives the code; expected " + clientOrigin + " (RFC 9700 §4.17.2)");
            }
        }
        if (!own.received()) {
            throw new Inconclusive("the client's own page on " + clientOrigin + " received no authorization response by "
                    + "postMessage within " + MESSAGE_WAIT_MS / 1000 + " s of the flow in its popup (ended at " + own.endedAt()
                    + own.loginProblem().map(p -> ": " + p).orElse("") + "), so the server's web_message responses were not observed");
        }
        if (!attacked.reached()) {
            throw new Inconclusive("the popup opened by the attacker's page did not reach a response page (ended at "
                    + attacked.endedAt() + attacked.loginProblem().map(p -> ": " + p).orElse("") + "), so whether the "
                    + "response would have reached the attacker was not observed");
        }
        String from = own.messages().stream().filter(Message::carriesState).findFirst().map(Message::origin).orElse("?");
        List<String> literal = own.targetOrigins().isEmpty() ? attacked.targetOrigins() : own.targetOrigins();
        return "the web_message response reached the client's page on " + clientOrigin + " (posted from " + from
                + ") and not the attacker's page on " + attackerOrigin + ", which opened the same request for client " + clientId
                + " in its own popup and saw the response page" + (literal.isEmpty() ? ""
                : "; the response page's script names targetOrigin " + String.join(", ", literal));
    }

    /** Opens {@code opener}, has it open the authorization request in a popup, runs the login there, and reads the messages. */
    private static Leg leg(CheckContext ctx, BrowserSession browser, URI opener, ClientSpec client, UserSpec user, URI redirect)
            throws InterruptedException {
        String who = opener.getPath().equals(HARNESS_PATH) ? "client's page" : "attacker's page";
        WebDriver driver = browser.driver();
        JavascriptExecutor js = (JavascriptExecutor) driver;
        browser.open(opener);
        String main = driver.getWindowHandle();
        String state = Pkce.random(16);
        Pkce pkce = Pkce.s256();
        String nonce = Pkce.random(16);
        Map<String, String> params = ctx.flow().standardParams(client, state, pkce, nonce);
        params.put("response_mode", "web_message");
        List<String> pairs = new ArrayList<>();
        params.forEach((k, v) -> {
            pairs.add(k);
            pairs.add(v);
        });
        URI request = HttpRequestSpec.withQuery(Pages.authorizationEndpoint(ctx.target()), pairs.toArray(String[]::new));
        ctx.http().requireAllowed(request);
        Set<String> before = driver.getWindowHandles();
        if (!Boolean.TRUE.equals(js.executeScript(OPENER))) {
            throw new Inconclusive("the " + who + " could not open a popup window in " + browser.description());
        }
        String popup = driver.getWindowHandles().stream().filter(h -> !before.contains(h)).findFirst()
                .orElseThrow(() -> new Inconclusive("the popup opened by the " + who + " did not appear as a browser window"));
        try {
            driver.switchTo().window(popup);
            browser.runOnNewDocuments(KEEP_OPEN);
            driver.switchTo().window(main);
            js.executeScript("window.__hitcertPopup.location.href = arguments[0];", request.toString());
            driver.switchTo().window(popup);
            Optional<String> loginProblem = Optional.empty();
            String endedAt = "the closed popup";
            boolean reached;
            try {
                Authorization a = ctx.flow().complete(request, state, pkce, nonce, redirect, user,
                        url -> responseShown(driver, state) || received(driver, main, popup, state));
                loginProblem = a.loginProblem();
                endedAt = a.landedAt();
                reached = responseShown(driver, state);
            } catch (NoSuchWindowException closed) {
                reached = true; // the response page closed its popup (window.close could not be kept from it)
            }
            List<String> targetOrigins = reached ? scriptTargets(driver, popup) : List.of();
            List<Message> messages = awaitMessages(driver, main, state);
            return new Leg(who, reached, messages, targetOrigins, endedAt, loginProblem);
        } finally {
            closePopup(driver, main, popup);
        }
    }

    private static boolean responseShown(WebDriver driver, String state) {
        try {
            return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(RESPONSE_SHOWN, state));
        } catch (NoSuchWindowException e) {
            return true;
        } catch (RuntimeException e) {
            return false; // mid-navigation
        }
    }

    /** Whether the opener already holds a message with {@code state}; leaves the driver on the popup. */
    private static boolean received(WebDriver driver, String main, String popup, String state) {
        try {
            driver.switchTo().window(main);
            return messages(driver, state).stream().anyMatch(Message::carriesState);
        } catch (RuntimeException e) {
            return false;
        } finally {
            try {
                driver.switchTo().window(popup);
            } catch (RuntimeException ignored) {
                // the popup closed: the flow reads the outcome from the opener
            }
        }
    }

    /** The opener's messages, waiting (bounded) for one with {@code state}. */
    private static List<Message> awaitMessages(WebDriver driver, String main, String state) throws InterruptedException {
        driver.switchTo().window(main);
        long deadline = System.currentTimeMillis() + MESSAGE_WAIT_MS;
        List<Message> seen = messages(driver, state);
        while (seen.stream().noneMatch(Message::carriesState) && System.currentTimeMillis() < deadline) {
            Thread.sleep(POLL_MS);
            seen = messages(driver, state);
        }
        return seen;
    }

    @SuppressWarnings("unchecked")
    private static List<Message> messages(WebDriver driver, String state) {
        Object raw = ((JavascriptExecutor) driver).executeScript("return window.__hitcertMessages || [];");
        List<Message> out = new ArrayList<>();
        if (raw instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    String data = String.valueOf(m.get("data"));
                    out.add(new Message(String.valueOf(m.get("origin")), data.contains(state),
                            data.contains("\"code\"") || data.contains("code=")));
                }
            }
        }
        return out;
    }

    /** The targetOrigin arguments in the popup's current page, read from its HTML; empty when it cannot be read. */
    private static List<String> scriptTargets(WebDriver driver, String popup) {
        try {
            driver.switchTo().window(popup);
            Object html = ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement ? document.documentElement.outerHTML : '';");
            return targetOrigins(String.valueOf(html));
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /**
     * The second argument of every {@code postMessage(…)} call in {@code source}: a string literal's value, else the
     * expression's text (shortened). Strings, brackets and parentheses in the first argument are skipped over.
     */
    static List<String> targetOrigins(String source) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while (out.size() < 16) {
            int at = source.indexOf("postMessage", from);
            if (at < 0) {
                break;
            }
            from = at + "postMessage".length();
            int i = from;
            while (i < source.length() && Character.isWhitespace(source.charAt(i))) {
                i++;
            }
            if (i >= source.length() || source.charAt(i) != '(') {
                continue;
            }
            int comma = topLevel(source, i + 1, ',');
            if (comma < 0) {
                continue;
            }
            int end = topLevel(source, comma + 1, ')');
            int next = topLevel(source, comma + 1, ',');
            int stop = next >= 0 && (end < 0 || next < end) ? next : end;
            if (stop < 0) {
                continue;
            }
            String arg = source.substring(comma + 1, stop).trim();
            out.add(literal(arg).orElse(arg.length() > 60 ? arg.substring(0, 60) + "…" : arg));
            from = stop;
        }
        return out;
    }

    /** The index of {@code wanted} at nesting depth 0 from {@code start}, skipping strings; -1 if the call ends first. */
    private static int topLevel(String s, int start, char wanted) {
        int depth = 0;
        for (int i = start; i < s.length() && i < start + 20_000; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                int close = i + 1;
                while (close < s.length() && s.charAt(close) != c) {
                    close += s.charAt(close) == '\\' ? 2 : 1;
                }
                i = close;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    return c == wanted ? i : -1;
                }
                depth--;
            } else if (c == wanted && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<String> literal(String arg) {
        if (arg.length() >= 2 && "\"'`".indexOf(arg.charAt(0)) >= 0 && arg.charAt(arg.length() - 1) == arg.charAt(0)) {
            String body = arg.substring(1, arg.length() - 1);
            if (!body.contains(String.valueOf(arg.charAt(0))) && !body.contains("${")) {
                return Optional.of(body.replace("\\/", "/"));
            }
        }
        return Optional.empty();
    }

    private static void closePopup(WebDriver driver, String main, String popup) {
        try {
            if (driver.getWindowHandles().contains(popup)) {
                driver.switchTo().window(popup);
                driver.close();
            }
        } catch (RuntimeException ignored) {
            // already gone
        }
        driver.switchTo().window(main);
    }

    private static String describe(Leg leg) {
        return leg.opener() + ": popup " + (leg.reached() ? "reached the response page" : "ended at " + leg.endedAt())
                + "; messages received: " + (leg.messages().isEmpty() ? "none" : String.join(", ", leg.messages().stream()
                .map(m -> "from " + m.origin() + (m.carriesState() ? " with this request's state" : " (not this request's)")
                        + (m.carriesCode() ? " and a code" : "")).toList()))
                + (leg.targetOrigins().isEmpty() ? "" : "; script targetOrigin " + String.join(", ", leg.targetOrigins()));
    }
}
