package org.hitcert.support;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hitcert.model.Candidate.LoginStep;
import org.hitcert.model.Evidence;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * A check's use of the shared browser: it navigates, runs the candidate's login automation, and records
 * the URL trail and screenshots as evidence (URLs redacted). Every wait is bounded.
 */
public final class BrowserSession {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration SETTLED = Duration.ofMillis(1500);

    private final Browser browser;
    private final EvidenceLog log;
    private final Redactor redactor;
    private final Path screenshots;
    private final List<String> trail = new ArrayList<>();
    private final List<LoginStep> performed = new ArrayList<>();
    private int shots;
    private boolean visited;

    /**
     * The id of the newest session-history entry when this session began: entries up to it belong to an earlier
     * check's navigation (where the browser's reset could not clear them) and are never this check's.
     */
    private final int historyBefore;

    public BrowserSession(Browser browser, EvidenceLog log, Redactor redactor, Path screenshots) {
        this.browser = browser;
        this.log = log;
        this.redactor = redactor;
        this.screenshots = screenshots;
        this.historyBefore = browser.navigationHistory().flatMap(h -> h.stream().map(Browser.HistoryEntry::id)
                .max(Integer::compare)).orElse(Integer.MIN_VALUE);
    }

    public boolean isRealBrowser() {
        return browser.isRealBrowser();
    }

    public String description() {
        return browser.description();
    }

    public WebDriver driver() {
        return browser.driver();
    }

    /**
     * Opens {@code uri} at the top level. A page answered 429 (a throttle: Navigation Timing's status, where the browser
     * tells it) ends the check with {@link Http.Throttled}, as the HTTP client's answers do: nothing a check could judge
     * from the page (a form, an error, a frame) was the candidate's answer to the request.
     */
    public void open(URI uri) {
        visited = true;
        browser.driver().get(uri.toString());
        see();
        if (pageStatus().orElse(0) == 429) {
            screenshot("throttled");
            throw new Http.Throttled("429 to the browser's GET " + redactor.scrub(uri.toString()));
        }
    }

    /** Ends every session the browser holds (cookies and storage of all origins), as a fresh browser would start. */
    public void clearSession() {
        browser.reset();
        visited = false;
        see();
    }

    /** Whether this session has opened a page since it began or was last cleared (it may hold a login then). */
    public boolean visited() {
        return visited;
    }

    /**
     * Presents the browser as the same browser on an Android phone (User-Agent, viewport, touch) until the session is
     * cleared ({@link #clearSession()}); returns what it presents, or empty when the browser cannot (no DevTools).
     */
    public java.util.Optional<String> emulateMobile() {
        return browser.emulateMobile();
    }

    /** The browser's network events since the last call (see {@link Browser#networkEvents()}); not evidence by themselves. */
    public List<Map<String, Object>> networkEvents() {
        return browser.networkEvents();
    }

    /**
     * The current tab's session history (see {@link Browser#navigationHistory()}) since this session began: only this
     * check's own navigation; URLs unredacted: not evidence.
     */
    public java.util.Optional<List<Browser.HistoryEntry>> navigationHistory() {
        return browser.navigationHistory().map(h -> h.stream().filter(e -> e.id() > historyBefore).toList());
    }

    /** See {@link Browser#runOnNewDocuments(String)}: for the current tab (window) only. */
    public boolean runOnNewDocuments(String source) {
        return browser.runOnNewDocuments(source);
    }

    /** See {@link Browser#cookiesFor(URI)}: cookie values are secrets, never evidence. */
    public java.util.Optional<List<SignedInSessions.Cookie>> cookiesFor(URI uri) {
        return browser.cookiesFor(uri);
    }

    /** See {@link Browser#addCookies(List)}: cookie values are secrets, never evidence. */
    public boolean addCookies(List<SignedInSessions.Cookie> cookies) {
        visited = true; // it holds a session now: a flow that wants a fresh visitor clears it
        return browser.addCookies(cookies);
    }

    /** See {@link Browser#userAgent()}. */
    public java.util.Optional<String> userAgent() {
        return browser.userAgent();
    }

    public String currentUrl() {
        return browser.driver().getCurrentUrl();
    }

    private void see() {
        see(currentUrl());
    }

    private void see(String url) {
        if (trail.isEmpty() || !trail.get(trail.size() - 1).equals(url)) {
            trail.add(url);
        }
    }

    /**
     * Runs the login steps on whatever pages the candidate shows, and stops as soon as the browser is at
     * a URL that {@code arrived} accepts (e.g. the client's redirect URI). Steps marked optional are skipped
     * when their element does not appear; a required step that does not match ends the login with a
     * {@link LoginStepFailed} naming the step and the page. An optional step is also skipped at once when the element
     * of a later step is already displayed (a page that does not ask for it, e.g. no second factor for this user).
     * {@link #performedSteps()} then tells which steps acted on the page.
     *
     * @param values replacements for placeholders such as {@code ${user.username}}
     */
    public void login(List<LoginStep> steps, Map<String, String> values, Function<String, Boolean> arrived,
                      Duration stepTimeout) {
        login(steps, values, arrived, stepTimeout, stepTimeout);
    }

    /** As {@link #login(List, Map, Function, Duration)}, waiting at most {@code finalWait} for arrival after the last step. */
    public void login(List<LoginStep> steps, Map<String, String> values, Function<String, Boolean> arrived,
                      Duration stepTimeout, Duration finalWait) {
        performed.clear();
        int staleRetries = 0;
        for (int i = 0; i < steps.size(); i++) {
            LoginStep step = steps.get(i);
            Duration wait = stepTimeout;
            List<String> later = steps.subList(i + 1, steps.size()).stream().map(LoginStep::selector).toList();
            Found found = awaitElementOrArrival(step.selector(), arrived, wait, step.optional(), later);
            if (found.arrived()) {
                return;
            }
            if (found.element() == null) {
                if (step.optional()) {
                    continue;
                }
                if (found.laterShown()) {
                    skipped(i, step, "found no element, while a later step's element is shown");
                    continue;
                }
                see();
                String page = redactor.scrub(currentUrl());
                screenshot("login step " + (i + 1) + " did not match");
                throw new LoginStepFailed("login step " + (i + 1) + " (" + step.action().name().toLowerCase().replace('_', '-')
                        + " '" + step.selector() + "', " + step.location() + ") found no element on " + page
                        + " within " + wait.toSeconds() + " s" + pageSays());
            }
            WebElement element = found.element();
            if (step.action() == LoginStep.Action.FILL && found.readOnly()) {
                skipped(i, step, "found its field read-only or disabled");
                continue;
            }
            try {
                switch (step.action()) {
                    case FILL -> {
                        if (found.hasValue()) {
                            element.clear();
                        }
                        element.sendKeys(substitute(step.value(), values));
                    }
                    case CLICK -> element.click();
                    case WAIT_FOR -> { }
                    case CHECK -> tickAll(step.selector());
                }
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                // a script page re-rendered the element between finding and acting (seen on Glewlwyd's login page):
                // the same step again on the new element, a bounded number of times in one login
                if (++staleRetries > 3) {
                    throw e;
                }
                i--;
                continue;
            }
            performed.add(step);
        }
        awaitArrival(arrived, finalWait);
    }

    /**
     * Elements in which login pages show their error: ARIA alerts and the usual error classes of login forms (Keycloak,
     * Django, Bootstrap, Spring Security and others).
     */
    private static final String ERROR_SELECTORS = "[role=alert], [aria-live=assertive], .alert-danger, .alert-error, "
            + ".alert-warning, .error, .errors, .errorlist, .error-message, .invalid-feedback, .kc-feedback-text, "
            + "#error, #errors, .message-error, .login-error, .notification.is-danger";

    private static final String VISIBLE_ERROR = """
            var all = document.querySelectorAll(arguments[0]);
            for (var i = 0; i < all.length; i++) {
              var e = all[i];
              if (!(e.offsetWidth || e.offsetHeight || e.getClientRects().length)) continue;
              var t = (e.innerText || e.textContent || '').replace(/\\s+/g, ' ').trim();
              if (t) return t;
            }
            return null;
            """;

    /**
     * The error text the page shows where login pages show errors ("Invalid username or password"), redacted and cut
     * to one line of at most 200 characters; empty when it shows none or cannot be read.
     */
    public java.util.Optional<String> visibleError() {
        if (!(browser.driver() instanceof org.openqa.selenium.JavascriptExecutor js)) {
            return java.util.Optional.empty();
        }
        try {
            Object text = js.executeScript(VISIBLE_ERROR, ERROR_SELECTORS);
            if (!(text instanceof String s) || s.isBlank()) {
                return java.util.Optional.empty();
            }
            String line = redactor.scrub(s);
            return java.util.Optional.of(line.length() <= 200 ? line : line.substring(0, 200) + "…");
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** {@code ; the page says "..."} when the page shows an error text, else nothing: for reasons. */
    private String pageSays() {
        return visibleError().map(t -> "; the page says \"" + t + "\"").orElse("");
    }

    /**
     * After a {@link #login} that did not reach where it was going: why, when the login itself evidently failed (the
     * steps acted, and the page shows a login step's field again, or an error text): the last step done, the page, and
     * what the page says. Empty when the browser is elsewhere (an error page of the server, a consent page, ...): that is
     * for the caller to judge.
     */
    public java.util.Optional<String> loginNotFinished(List<LoginStep> steps) {
        if (performed.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<String> loginFields = steps.stream().filter(s -> !s.consent()).map(LoginStep::selector).toList();
        java.util.Optional<String> says = visibleError();
        if (says.isEmpty() && loginFields.stream().noneMatch(this::displayed)) {
            return java.util.Optional.empty();
        }
        LoginStep last = performed.get(performed.size() - 1);
        return java.util.Optional.of("the login steps ran (the last done: step " + (steps.indexOf(last) + 1) + ", "
                + last.action().name().toLowerCase().replace('_', '-') + " '" + last.selector() + "') but the browser is"
                + " still at the login page " + redactor.scrub(currentUrl())
                + says.map(t -> "; the page says \"" + t + "\"").orElse(", which shows no error text"));
    }

    /**
     * A {@code check} step: ticks every displayed, enabled checkbox matching {@code selector} that is not ticked yet (a
     * consent page that lists each scope as an unchecked box), by clicking it as a user would, so that the page's own
     * handlers run.
     */
    private void tickAll(String selector) {
        for (WebElement box : browser.driver().findElements(By.cssSelector(selector))) {
            try {
                if (box.isDisplayed() && box.isEnabled() && !box.isSelected()
                        && "checkbox".equalsIgnoreCase(String.valueOf(box.getAttribute("type")))) {
                    box.click();
                }
            } catch (RuntimeException e) {
                // a box that went away meanwhile: nothing to tick
            }
        }
    }

    /**
     * Waits (bounded) until the browser is at a URL {@code arrived} accepts; true if it got there. Gives up early on a
     * settled error document (loaded, at the same URL for {@link #SETTLED}, HTTP status 4xx or 5xx): the server answered
     * the last step with an error page, and no redirect is coming from it (a server that refused a request after the
     * login cost the whole step limit each time, 20 s a redirect variant on django-oauth-toolkit).
     */
    public boolean awaitArrival(Function<String, Boolean> arrived, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastUrl = null;
        long sameSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            String url = currentUrl();
            if (arrived.apply(url)) {
                see(url);
                return true;
            }
            if (!url.equals(lastUrl)) {
                lastUrl = url;
                sameSince = System.nanoTime();
            } else if (System.nanoTime() - sameSince > SETTLED.toNanos() && loaded() && pageStatus().orElse(0) >= 400) {
                break;
            }
            sleep();
        }
        see();
        return false;
    }

    /**
     * Waits for a displayed element matching {@code selector}, or arrival. An optional step gives up early once
     * the page has settled without it: loaded, and at the same URL for {@link #SETTLED}.
     */
    /** The steps of the last {@link #login} that found their element and acted on it, in order. */
    public List<LoginStep> performedSteps() {
        return List.copyOf(performed);
    }

    /**
     * What one wait for a login step's element saw: arrival at the end of the flow, or the element (null: none), whether
     * it holds a value or is read-only, and (none found) whether a later step's element was shown on a settled page.
     */
    private record Found(boolean arrived, WebElement element, boolean hasValue, boolean readOnly, boolean laterShown) {
        Found(boolean arrived, WebElement element, boolean hasValue) {
            this(arrived, element, hasValue, false, false);
        }
    }

    /**
     * A required step skipped on a page that does not ask for it (a re-authentication page that shows the username
     * read-only, or not at all, and asks for the password): noted as evidence, so that the trail says which step did not
     * act and why.
     */
    private void skipped(int index, LoginStep step, String why) {
        log.add(Evidence.note("login step " + (index + 1) + " skipped", "login step " + (index + 1) + " ("
                + step.action().name().toLowerCase().replace('_', '-') + " '" + step.selector() + "', " + step.location()
                + ") " + why + " on " + redactor.scrub(currentUrl()) + ": skipped, as on a re-authentication page that"
                + " shows the username read-only or not at all"));
    }

    /**
     * One look at the page in a single script: the first displayed element matching {@code selector} (displayed as
     * jQuery's :visible and CSS visibility say), whether it holds a value, and whether an element of a later step is
     * displayed. {@code null} where the browser cannot run it (HtmlUnit quirks, a page unloading, a selector the
     * browser rejects): the caller then looks with one WebDriver command per question.
     */
    private static final String PROBE = """
            var shown = function (e) {
              if (!(e.offsetWidth || e.offsetHeight || e.getClientRects().length)) return false;
              var s = window.getComputedStyle(e);
              return s.visibility !== 'hidden' && s.display !== 'none';
            };
            var first = function (sel) {
              var all = document.querySelectorAll(sel);
              for (var i = 0; i < all.length; i++) { if (shown(all[i])) return all[i]; }
              return null;
            };
            var found = first(arguments[0]);
            var later = false;
            for (var j = 0; !found && j < arguments[1].length && !later; j++) { later = first(arguments[1][j]) !== null; }
            return [found, !!(found && found.value), later, document.readyState, !!(found && (found.readOnly || found.disabled))];
            """;

    private List<?> probe(String selector, List<String> later) {
        if (!(browser.driver() instanceof org.openqa.selenium.JavascriptExecutor js) || !browser.isRealBrowser()) {
            return null;
        }
        try {
            return js.executeScript(PROBE, selector, later) instanceof List<?> l && l.size() == 5 ? l : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Found awaitElementOrArrival(String selector, Function<String, Boolean> arrived, Duration timeout,
                                        boolean optional, List<String> later) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastUrl = null;
        long sameSince = System.nanoTime();
        do {
            String url = currentUrl();
            if (!url.equals(lastUrl)) {
                see(url);
                lastUrl = url;
                sameSince = System.nanoTime();
            }
            if (arrived.apply(url)) {
                return new Found(true, null, false);
            }
            List<?> look = probe(selector, later);
            if (look != null) {
                if (look.get(0) instanceof WebElement e) {
                    return new Found(false, e, Boolean.TRUE.equals(look.get(1)), Boolean.TRUE.equals(look.get(4)), false);
                }
                if (optional && Boolean.TRUE.equals(look.get(2))) {
                    return new Found(false, null, false);
                }
                // a required step: only once the page has settled, since its field may still be coming
                if (!optional && Boolean.TRUE.equals(look.get(2)) && System.nanoTime() - sameSince > SETTLED.toNanos()
                        && "complete".equals(look.get(3))) {
                    return new Found(false, null, false, false, true);
                }
                if (optional && System.nanoTime() - sameSince > SETTLED.toNanos() && "complete".equals(look.get(3))) {
                    return new Found(false, null, false);
                }
                // a required step on a settled error page (a 4xx or 5xx document showing no step's element): the server
                // answered, and no login form is coming; waiting out the step limit there cost 10 s a refused request
                if (!optional && System.nanoTime() - sameSince > SETTLED.toNanos() && "complete".equals(look.get(3))
                        && pageStatus().orElse(0) >= 400) {
                    return new Found(false, null, false);
                }
            } else {
                if (optional && System.nanoTime() - sameSince > SETTLED.toNanos() && loaded()) {
                    List<WebElement> last = browser.driver().findElements(By.cssSelector(selector));
                    return new Found(false, last.stream().filter(WebElement::isDisplayed).findFirst().orElse(null), true);
                }
                for (WebElement e : browser.driver().findElements(By.cssSelector(selector))) {
                    if (e.isDisplayed()) {
                        return new Found(false, e, true);
                    }
                }
                if (optional && !later.isEmpty() && later.stream().anyMatch(this::displayed)) {
                    return new Found(false, null, false);
                }
            }
            sleep();
        } while (System.nanoTime() < deadline);
        return new Found(false, null, false);
    }

    /** Whether an element matching {@code selector} is displayed on the current page now (no wait). */
    public boolean shows(String selector) {
        return displayed(selector);
    }

    /**
     * The HTTP status of the current page's main document (Navigation Timing's {@code responseStatus}), when the browser
     * tells it: Chromium does; HtmlUnit, an error page of the browser's own, or a page still loading may not.
     */
    public java.util.OptionalInt pageStatus() {
        if (!(browser.driver() instanceof org.openqa.selenium.JavascriptExecutor js) || !browser.isRealBrowser()) {
            return java.util.OptionalInt.empty();
        }
        try {
            Object s = js.executeScript("var n = performance.getEntriesByType('navigation');"
                    + " return n.length && n[0].responseStatus ? n[0].responseStatus : null;");
            return s instanceof Number n && n.intValue() > 0 ? java.util.OptionalInt.of(n.intValue()) : java.util.OptionalInt.empty();
        } catch (RuntimeException e) {
            return java.util.OptionalInt.empty();
        }
    }

    /** The current page's title and leading visible text (at most {@code max} characters), redacted: for reasons. */
    public String pageText(int max) {
        try {
            String title = String.valueOf(browser.driver().getTitle());
            String text = browser.driver() instanceof org.openqa.selenium.JavascriptExecutor js
                    && js.executeScript("return document.body ? document.body.innerText : ''") instanceof String t ? t : "";
            String all = (title.isBlank() ? "" : title + ": ") + text.strip().replaceAll("\\s+", " ");
            return redactor.scrub(all.length() > max ? all.substring(0, max) : all);
        } catch (RuntimeException e) {
            return "";
        }
    }

    private boolean displayed(String selector) {
        try {
            return browser.driver().findElements(By.cssSelector(selector)).stream().anyMatch(WebElement::isDisplayed);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean loaded() {
        try {
            return browser.driver() instanceof org.openqa.selenium.JavascriptExecutor js
                    && "complete".equals(js.executeScript("return document.readyState"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String substitute(String value, Map<String, String> values) {
        String out = value;
        for (Map.Entry<String, String> e : values.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the browser", e);
        }
    }

    /** Records the current page as evidence: URL trail, page title, and a screenshot when possible. */
    public void screenshot(String title) {
        record(title, true);
    }

    /**
     * Records the current page as evidence without an image: URL trail and page title. For pages whose picture shows
     * nothing the trail does not, such as the suite's own callback page, since a screenshot costs the browser a render.
     */
    public void note(String title) {
        record(title, false);
    }

    private void record(String title, boolean image) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", redactor.scrub(currentUrl()));
        details.put("trail", trail.stream().map(redactor::scrub).toList());
        details.put("pageTitle", redactor.scrub(String.valueOf(browser.driver().getTitle())));
        details.put("browser", browser.description());
        if (image) {
            browser.screenshot(screenshots, String.format("%02d-%s", ++shots, title)).ifPresent(file -> {
                details.put("screenshot", file.getFileName().toString());
                log.addFile(file);
            });
        }
        log.add(new Evidence("browser", title, details));
    }

    public List<String> trail() {
        return List.copyOf(trail);
    }

    /** A login step did not match the candidate's page. */
    public static final class LoginStepFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public LoginStepFailed(String message) {
            super(message);
        }
    }
}
