package org.hitcert.checks.login;

import java.net.URI;
import java.util.List;
import java.util.function.Function;
import org.hitcert.model.Candidate.LoginStep;
import org.hitcert.support.BrowserSession;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Where one login attempt ended, watched while the login steps run: logged in (the redirect URI or a consent page
 * reached), or answered with the login form again (a new page that shows the first login step's element, or, on a
 * script-driven login page, the same page showing the form and an error text once the attempt was submitted). The
 * first login page is marked with a script variable, so "again" means a new document, not the page the steps typed
 * into, unless the page itself says the attempt failed.
 */
final class LoginAttempt implements Function<String, Boolean> {

    enum Outcome { LOGGED_IN, LOGIN_AGAIN, ELSEWHERE }

    private static final String MARK = "window.__hitcertLoginMark";

    private final BrowserSession browser;
    private final URI redirect;
    private final List<String> consent;
    private final String firstSelector;
    /** The attempt's last required step (its submission), or null. */
    private final LoginStep submission;
    private boolean marked;
    private boolean again;

    LoginAttempt(BrowserSession browser, URI redirect, List<LoginStep> steps) {
        this.browser = browser;
        this.redirect = redirect;
        this.consent = LoginSteps.consentSteps(steps).stream().map(LoginStep::selector).toList();
        this.firstSelector = steps.get(0).selector();
        List<LoginStep> attempt = passwordSteps(steps);
        this.submission = attempt.isEmpty() ? null : attempt.get(attempt.size() - 1);
    }

    /**
     * The steps of one attempt: the login without its consent steps, up to the last required step (the submission);
     * optional steps after it (a second factor, an interstitial) are not part of the password attempt.
     */
    static List<LoginStep> passwordSteps(List<LoginStep> steps) {
        List<LoginStep> login = LoginSteps.withoutConsent(steps);
        int last = -1;
        for (int i = 0; i < login.size(); i++) {
            if (!login.get(i).optional()) {
                last = i;
            }
        }
        return login.subList(0, last + 1);
    }

    @Override
    public Boolean apply(String url) {
        if (loggedIn(url)) {
            return true;
        }
        boolean form = LoginSteps.displayed(browser, List.of(firstSelector));
        if (!marked) {
            if (form) {
                marked = script(MARK + " = true; return true;") != null;
            }
            return false;
        }
        if (form && script("return document.readyState === 'complete' && !" + MARK + ";") == Boolean.TRUE) {
            again = true;
            return true;
        }
        // a script-driven login page answers in place: after the submission, the same page shows the form again with
        // an error text ("Invalid username or password") instead of loading a new one
        if (form && submission != null && browser.performedSteps().contains(submission) && browser.visibleError().isPresent()) {
            again = true;
            return true;
        }
        return false;
    }

    Outcome outcome() {
        if (loggedIn(browser.currentUrl())) {
            return Outcome.LOGGED_IN;
        }
        return again ? Outcome.LOGIN_AGAIN : Outcome.ELSEWHERE;
    }

    private boolean loggedIn(String url) {
        return LoginSteps.at(url, redirect) || !consent.isEmpty() && LoginSteps.displayed(browser, consent);
    }

    private Object script(String js) {
        try {
            return browser.driver() instanceof JavascriptExecutor e ? e.executeScript(js) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
