package org.hitcert.checks.crosssite;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.AttackerOrigin;
import org.hitcert.support.BrowserSession;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.LoopbackTls;
import org.hitcert.support.Pkce;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * RFC 6749 §10.12 ("the authorization server MUST implement CSRF protection for its authorization endpoint") and
 * RFC 6819 §4.4.1.10: the user's consent must not be obtainable by a cross-site request. In the real browser
 * the test user signs in and consents once (the baseline: a code is issued), then an
 * authorization request with prompt=consent shows the candidate's consent page. The approve form is read from
 * the page (action, method, every field; the approve control is the last click step of the candidate's login
 * automation), and a page on the suite's attacker origin auto-submits a copy in which every server-issued,
 * unguessable value (anti-CSRF token, transaction handle) is replaced, as an attacker who cannot read the page
 * would have to. FAIL when that forged submission delivers a code to the redirect URI.
 */
public final class RefuseForgedConsent implements Check {

    private static final long PAGE_WAIT_MS = 8000;
    private static final long OUTCOME_WAIT_MS = 6000;
    private static final long SETTLE_MS = 1000;

    @Override
    public CheckInfo info() {
        return new CheckInfo("crosssite.consent-csrf.refused",
                "A consent approval forged by another site issues no authorization code",
                List.of("consent-csrf"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) throws Exception {
        BrowserSession browser = ForgedForms.realBrowser(ctx.browser());
        var target = ctx.target();
        var client = Pages.browserClient(target);
        var user = Pages.defaultUser(target);
        var baseline = ctx.flow().authorize(client, user, Map.of());
        if (!baseline.redirected() || baseline.param("code").isEmpty()) {
            throw new Inconclusive("the baseline sign-in and consent did not yield a code (" + baseline.landedAt()
                    + baseline.loginProblem().map(p -> ": " + p).orElse("") + "), so a refused forgery would prove nothing");
        }
        URI request = Pages.authorizationRequest(target, client, Map.of("prompt", "consent"));
        Map<String, String> sent = HttpRequestSpec.parseQuery(request.getRawQuery());
        URI redirect = URI.create(sent.get("redirect_uri"));
        browser.open(request);
        WebDriver driver = browser.driver();
        WebElement approve = awaitConsentPage(driver, target.login(), redirect, client.clientId());
        ForgedForms.Form form = ForgedForms.read(driver, approve, approve).orElseThrow(() -> new Inconclusive(
                "the consent page's approve control is not part of an HTML form (a script-driven page): the suite cannot forge it"));
        if (form.hasPassword()) {
            throw new Inconclusive("the candidate asked the signed-in user for a password again instead of showing a consent page");
        }
        if (!form.method().equals("post") && !form.method().equals("get")) {
            throw new Inconclusive("the consent form uses method " + form.method() + ", which a page on another site cannot submit");
        }
        ctx.http().requireAllowed(form.action());
        browser.screenshot("consent page whose form is forged");
        Set<String> known = new HashSet<>(sent.values());
        known.add(user.username());
        ForgedForms.Forged forged = ForgedForms.forge(form, known, Map.of());
        String forgedWhat = forged.forgedNames().isEmpty() ? "no field needed forging (the form carries no server-issued secret)"
                : "forged " + String.join(", ", forged.forgedNames()) + "; kept " + String.join(", ", forged.keptNames());
        ctx.note("consent form read from the page", ForgedForms.describe(form) + "\n" + forgedWhat);

        String landed;
        try (AttackerOrigin attacker = AttackerOrigin.startCrossSite(LoopbackTls.shared(), ctx.target())) {
            browser.open(attacker.page(ForgedForms.autoSubmitPage(forged.form())));
            landed = ForgedForms.awaitSubmission(driver, attacker.origin(), redirect, OUTCOME_WAIT_MS, SETTLE_MS, u -> false)
                    .orElseThrow(() -> new Inconclusive("the attacker page's forged consent form was not submitted within "
                            + OUTCOME_WAIT_MS / 1000 + " s"));
            if (landed.startsWith("chrome-error:")) {
                throw new Inconclusive("the forged consent form's submission ended on Chromium's error page (the request did not "
                        + "reach the candidate), so a refusal could not be observed");
            }
        }
        boolean atRedirect = ForgedForms.atRedirect(landed, redirect);
        String title = Optional.ofNullable(driver.getTitle()).orElse("");
        String landedAt;
        Optional<String> code = Optional.empty();
        Optional<String> error = Optional.empty();
        if (atRedirect) {
            // read (and register for redaction) the authorization response the browser holds, running no login step
            var outcome = ctx.flow().complete(request, sent.get("state"), Pkce.s256(), sent.getOrDefault("nonce", ""), redirect,
                    user, url -> true);
            landedAt = outcome.landedAt();
            code = outcome.param("code");
            error = outcome.param("error");
        } else {
            landedAt = Pages.origin(URI.create(landed)) + URI.create(landed).getRawPath();
            browser.screenshot("after the forged consent submission");
        }
        if (code.isPresent()) {
            throw fail("a consent approval submitted cross-site from the attacker's page (" + forged.form().method().toUpperCase()
                    + " " + form.action().getPath() + ", " + forgedWhat + ") delivered an authorization code to the redirect URI "
                    + redirect + ": the consent decision is not protected against cross-site request forgery; expected no code "
                    + "without the user's own action on the consent page (anti-CSRF token bound to the session, Origin check or "
                    + "SameSite cookies; RFC 6749 §10.12, RFC 6819 §4.4.1.10)");
        }
        ctx.pass("the forged cross-site consent approval (" + forged.form().method().toUpperCase() + " " + form.action().getPath()
                + ", " + forgedWhat + ") issued no code: the browser ended at " + landedAt
                + (atRedirect ? " (" + error.map(e -> "error=" + e).orElse("no code") + ")" : " (page \"" + title + "\")"));
    }

    /** Waits for the consent page and returns its approve control; INCONCLUSIVE when the candidate shows none. */
    private static WebElement awaitConsentPage(WebDriver driver, List<org.hitcert.model.Candidate.LoginStep> steps, URI redirect,
                                               String clientId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + PAGE_WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (ForgedForms.atRedirect(driver.getCurrentUrl(), redirect)) {
                throw new Inconclusive("the candidate showed no consent page: an authorization request with prompt=consent by "
                        + "the signed-in test user for client " + clientId + " was answered at once, so there was no consent "
                        + "decision to forge");
            }
            Optional<WebElement> approve = ForgedForms.lastClickable(driver, steps);
            if (approve.isPresent()) {
                return approve.get();
            }
            Thread.sleep(150);
        }
        throw new Inconclusive("no consent page appeared within " + PAGE_WAIT_MS / 1000 + " s of an authorization request with "
                + "prompt=consent by the signed-in test user (no element of the login automation's click steps was shown)");
    }
}
