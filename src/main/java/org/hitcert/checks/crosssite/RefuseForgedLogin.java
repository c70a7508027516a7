package org.hitcert.checks.crosssite;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.LoginStep;
import org.hitcert.support.AttackerOrigin;
import org.hitcert.support.BrowserSession;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.LoopbackTls;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Login CSRF (derived from RFC 6749 §10.12, whose MUST covers the authorization endpoint; a SHOULD here):
 * another site must not be able to sign the victim's browser in to an account of the attacker's choosing. The
 * login form is read from the candidate's login page (the form of the login automation's first fill step; no field names assumed), and a page on the suite's
 * attacker origin auto-submits it with the test user's credentials standing in for the attacker's, and every
 * server-issued, unguessable value (anti-CSRF token, transaction handle) replaced. Then a fresh authorization
 * request tells whether the browser is signed in: FAIL when no login page is shown (a consent page or a code
 * instead). The page and the credentials stay in the suite's own browser and loopback origin.
 */
public final class RefuseForgedLogin implements Check {

    private static final long PAGE_WAIT_MS = 8000;
    private static final long OUTCOME_WAIT_MS = 6000;
    private static final long SETTLE_MS = 1000;

    /** What a fresh authorization request showed after the forged login. */
    enum Session { SIGNED_IN, NOT_SIGNED_IN, UNKNOWN }

    @Override
    public CheckInfo info() {
        return new CheckInfo("crosssite.login-csrf.refused",
                "A login form posted by another site does not sign the browser in",
                List.of("login-csrf"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) throws Exception {
        BrowserSession browser = ForgedForms.realBrowser(ctx.browser());
        var target = ctx.target();
        var client = Pages.browserClient(target);
        var user = Pages.defaultUser(target);
        String password = user.password().resolve(System::getenv).orElseThrow(() -> new Inconclusive(
                "the test user's password is not set: export " + user.password()));
        List<LoginStep> steps = target.login();
        List<LoginStep> fills = steps.stream().filter(s -> s.action() == LoginStep.Action.FILL).toList();
        if (fills.isEmpty()) {
            throw new Inconclusive("the candidate's login automation fills no field, so there is no login form to forge");
        }
        URI request = Pages.authorizationRequest(target, client, Map.of());
        Map<String, String> sent = HttpRequestSpec.parseQuery(request.getRawQuery());
        URI redirect = URI.create(sent.get("redirect_uri"));
        browser.open(request);
        WebDriver driver = browser.driver();
        WebElement first = await(driver, fills.get(0).selector(), redirect, "the login page");

        // the login form: the fill steps' fields get the credentials, everything else as the page has it
        Map<String, String> credentials = new LinkedHashMap<>();
        for (LoginStep s : fills) {
            Optional<WebElement> e = ForgedForms.displayed(driver, s.selector());
            if (e.isEmpty()) {
                break; // a later page of a multi-page login: the first page's form is forged
            }
            String name = ForgedForms.name(driver, e.get());
            if (name.isEmpty()) {
                throw new Inconclusive("the login field '" + s.selector() + "' has no name, so no form submission carries it");
            }
            credentials.put(name, s.value().replace("${user.username}", user.username()).replace("${user.password}", password));
        }
        WebElement submit = steps.stream().filter(s -> s.action() == LoginStep.Action.CLICK)
                .map(s -> ForgedForms.displayed(driver, s.selector())).flatMap(Optional::stream).findFirst().orElse(null);
        ForgedForms.Form form = ForgedForms.read(driver, first, submit).orElseThrow(() -> new Inconclusive(
                "the login field '" + fills.get(0).selector() + "' is not part of an HTML form (a script-driven page): "
                        + "the suite cannot forge it"));
        if (!form.method().equals("post") && !form.method().equals("get")) {
            throw new Inconclusive("the login form uses method " + form.method() + ", which a page on another site cannot submit");
        }
        ctx.http().requireAllowed(form.action());
        Set<String> known = new HashSet<>(sent.values());
        known.add(user.username());
        ForgedForms.Forged forged = ForgedForms.forge(form, known, credentials);
        String forgedWhat = (forged.forgedNames().isEmpty() ? "no field needed forging (the form carries no server-issued secret)"
                : "forged " + String.join(", ", forged.forgedNames())) + "; credentials in " + String.join(", ", credentials.keySet());
        ctx.note("login form read from the page", ForgedForms.describe(form) + "\n" + forgedWhat);

        // the forged form carries the user's credentials: a login of that account, so it takes the account's turn
        try (var turn = ctx.flow().loginTurn(user).orElseThrow(() -> new Inconclusive("another login of the test user's "
                + "account did not end in time; the suite logs an account in once at a time"));
             AttackerOrigin attacker = AttackerOrigin.startCrossSite(LoopbackTls.shared(), ctx.target())) {
            browser.open(attacker.page(ForgedForms.autoSubmitPage(forged.form())));
            String landed = ForgedForms.awaitSubmission(driver, attacker.origin(), redirect, OUTCOME_WAIT_MS, SETTLE_MS, u -> false)
                    .orElseThrow(() -> new Inconclusive("the attacker page's forged login form was not submitted within "
                            + OUTCOME_WAIT_MS / 1000 + " s"));
            if (landed.startsWith("chrome-error:")) {
                throw new Inconclusive("the forged login form's submission ended on Chromium's error page (the request did not "
                        + "reach the candidate), so a refusal could not be observed");
            }
        }

        Probe after = probeSession(ctx, browser, target, client, user, steps, fills, "after the forged login");
        switch (after.session()) {
            case SIGNED_IN -> throw fail("a login form submitted cross-site from the attacker's page (" + form.method().toUpperCase()
                    + " " + form.action().getPath() + ", " + forgedWhat + ") signed the browser in: the next authorization request "
                    + "showed no login page (" + after.shownAt() + "); expected the forged login to be refused (anti-CSRF token "
                    + "bound to the pre-login session, Origin check or SameSite cookies; derived from RFC 6749 §10.12)");
            case UNKNOWN -> throw new Inconclusive("after the forged login, a fresh authorization request showed neither the login page "
                    + "nor a page of the login automation's later steps within " + PAGE_WAIT_MS / 1000 + " s (" + after.shownAt() + ")");
            default -> { }
        }
        // positive control: the same form, with the page's own values and the same credentials, submitted by the login page
        // itself (first party) must sign the browser in; else "still signed out" says nothing about the cross-site origin
        String control = firstPartyControl(ctx, browser, target, client, user, steps, fills, credentials, redirect);
        ctx.pass("the forged cross-site login (" + form.method().toUpperCase() + " " + form.action().getPath() + ", " + forgedWhat
                + ") left the browser signed out: the next authorization request showed the login page; " + control);
    }

    /**
     * The probe of the session asks for the client's scope without offline_access: OpenID Connect Core §11 has a server
     * ask the user again for it (prompt=consent), and some deployments force a new login then, which would look like a
     * browser signed out whatever happened before.
     */
    static Map<String, String> withoutOfflineAccess(String scope) {
        String kept = org.hitcert.support.CodeFlow.scopeWithoutOfflineAccess(scope);
        return kept.equals(scope) || kept.equals(scope.trim()) ? Map.of() : Map.of("scope", kept);
    }

    /** What a fresh authorization request showed, and where. */
    record Probe(Session session, String shownAt) {
    }

    /** A fresh authorization request in {@code browser}: does the candidate ask for credentials? */
    private static Probe probeSession(CheckContext ctx, BrowserSession browser, org.hitcert.support.Target target,
                                      org.hitcert.model.Candidate.ClientSpec client, org.hitcert.model.Candidate.UserSpec user,
                                      List<LoginStep> steps, List<LoginStep> fills, String when) throws InterruptedException {
        WebDriver driver = browser.driver();
        URI probe = Pages.authorizationRequest(target, client, withoutOfflineAccess(client.scope()));
        Map<String, String> probeSent = HttpRequestSpec.parseQuery(probe.getRawQuery());
        URI probeRedirect = URI.create(probeSent.get("redirect_uri"));
        browser.open(probe);
        Session session = Session.UNKNOWN;
        long deadline = System.currentTimeMillis() + PAGE_WAIT_MS;
        while (session == Session.UNKNOWN && System.currentTimeMillis() < deadline) {
            session = decide(ForgedForms.atRedirect(driver.getCurrentUrl(), probeRedirect),
                    ForgedForms.displayed(driver, fills.get(0).selector()).isPresent(),
                    ForgedForms.displayed(driver, "input[type=password]").isPresent(),
                    laterClickShown(driver, steps));
            if (session == Session.UNKNOWN) {
                Thread.sleep(150);
            }
        }
        String shownAt;
        if (ForgedForms.atRedirect(driver.getCurrentUrl(), probeRedirect)) {
            // register the code (if any) for redaction before it reaches evidence, running no login step
            shownAt = ctx.flow().complete(probe, probeSent.get("state"), org.hitcert.support.Pkce.s256(),
                    probeSent.getOrDefault("nonce", ""), probeRedirect, user, url -> true).landedAt();
        } else {
            URI at = URI.create(driver.getCurrentUrl());
            shownAt = Pages.origin(at) + at.getRawPath() + " (page \"" + Optional.ofNullable(driver.getTitle()).orElse("") + "\")";
            browser.screenshot("authorization request " + when);
        }
        return new Probe(session, shownAt);
    }

    /**
     * The positive control, on the login page the last probe left the browser at: its form read again (fresh values of the
     * server's own), the credentials put in, and submitted by the page itself. The browser must then be signed in;
     * otherwise INCONCLUSIVE (a login that needs script, several pages, or fields the automation does not fill).
     */
    private static String firstPartyControl(CheckContext ctx, BrowserSession browser, org.hitcert.support.Target target,
                                            org.hitcert.model.Candidate.ClientSpec client,
                                            org.hitcert.model.Candidate.UserSpec user, List<LoginStep> steps,
                                            List<LoginStep> fills, Map<String, String> credentials, URI redirect)
            throws Exception {
        WebDriver driver = browser.driver();
        Optional<WebElement> first = ForgedForms.displayed(driver, fills.get(0).selector());
        Optional<ForgedForms.Form> own = first.flatMap(e -> ForgedForms.read(driver, e, null));
        if (own.isEmpty()) {
            throw new Inconclusive("the forged login left the browser signed out, but the login page's form could not be read "
                    + "again for the positive control (the same form submitted by the page itself), so the refusal is unproven");
        }
        ForgedForms.Form filled = ForgedForms.withValues(own.get(), credentials);
        try (var turn = ctx.flow().loginTurn(user).orElseThrow(() -> new Inconclusive("the forged login left the browser "
                + "signed out, but the positive control (the same form from the login page itself) did not get the account's "
                + "login turn in time"))) {
            ForgedForms.submitInPage(driver, filled);
            if (!ForgedForms.awaitNewDocument(driver, OUTCOME_WAIT_MS)) {
                throw new Inconclusive("the forged login left the browser signed out, but its positive control (the same form "
                        + "submitted by the login page itself) led to no new page within " + OUTCOME_WAIT_MS / 1000 + " s");
            }
            ForgedForms.awaitSubmission(driver, "about:", redirect, OUTCOME_WAIT_MS, SETTLE_MS, u -> false);
        }
        Probe control = probeSession(ctx, browser, target, client, user, steps, fills, "after the first-party control");
        if (control.session() != Session.SIGNED_IN) {
            throw new Inconclusive("the forged login left the browser signed out, but so did its positive control: the same form "
                    + "with the page's own values, submitted by the login page itself, did not sign in either (the next "
                    + "authorization request showed " + control.shownAt() + "), so the refusal says nothing about the other "
                    + "site (a login that needs script or several pages)");
        }
        return "the same form submitted by the login page itself signed the browser in (" + control.shownAt() + ")";
    }

    /**
     * Whether the browser is signed in, from what a fresh authorization request showed: the login page (its first
     * field, or any password field) means not; the redirect URI or a page of the automation's later steps (consent)
     * without a password field means yes.
     */
    static Session decide(boolean atRedirect, boolean firstLoginFieldShown, boolean passwordFieldShown, boolean laterStepShown) {
        if (firstLoginFieldShown || passwordFieldShown) {
            return Session.NOT_SIGNED_IN;
        }
        if (atRedirect || laterStepShown) {
            return Session.SIGNED_IN;
        }
        return Session.UNKNOWN;
    }

    /** Whether an element of a click step after the last fill step (the consent page's approve) is shown. */
    private static boolean laterClickShown(WebDriver driver, List<LoginStep> steps) {
        int lastFill = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).action() == LoginStep.Action.FILL) {
                lastFill = i;
            }
        }
        // the click right after the last fill submits the login form; later clicks belong to pages after sign-in
        for (int i = lastFill + 2; i < steps.size(); i++) {
            if (steps.get(i).action() == LoginStep.Action.CLICK && ForgedForms.displayed(driver, steps.get(i).selector()).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private static WebElement await(WebDriver driver, String selector, URI redirect, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + PAGE_WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (ForgedForms.atRedirect(driver.getCurrentUrl(), redirect)) {
                throw new Inconclusive("the browser was already signed in at the candidate (the authorization request was answered "
                        + "at once), so " + what + " could not be read");
            }
            Optional<WebElement> e = ForgedForms.displayed(driver, selector);
            if (e.isPresent()) {
                return e.get();
            }
            Thread.sleep(150);
        }
        throw new Inconclusive(what + " did not show the login automation's first field '" + selector + "' within "
                + PAGE_WAIT_MS / 1000 + " s");
    }
}
