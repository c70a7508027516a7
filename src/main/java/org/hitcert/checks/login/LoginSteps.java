package org.hitcert.checks.login;

import java.net.URI;
import java.util.List;
import java.util.function.Function;
import org.hitcert.model.Candidate.LoginStep;
import org.hitcert.support.BrowserSession;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** What the login checks share: the candidate's login steps split into login and consent, and browser probes. */
final class LoginSteps {

    private LoginSteps() {
    }

    static List<LoginStep> consentSteps(List<LoginStep> steps) {
        return steps.stream().filter(LoginStep::consent).toList();
    }

    static List<LoginStep> withoutConsent(List<LoginStep> steps) {
        return steps.stream().filter(s -> !s.consent()).toList();
    }

    /** Whether {@code step} types the suite-computed TOTP ({@code ${user.totp}}). */
    static boolean typesTotp(LoginStep step) {
        return step.value().contains("${user.totp}");
    }

    /** Whether an element matching one of {@code selectors} is displayed on the browser's page. */
    static boolean displayed(BrowserSession browser, List<String> selectors) {
        try {
            for (String selector : selectors) {
                if (browser.driver().findElements(By.cssSelector(selector)).stream().anyMatch(WebElement::isDisplayed)) {
                    return true;
                }
            }
        } catch (RuntimeException e) {
            // a page in transition: not displayed now
        }
        return false;
    }

    /** Whether {@code url} is {@code redirect} (ignoring query and fragment). */
    static boolean at(String url, URI redirect) {
        if (url == null) {
            return false;
        }
        int cut = url.length();
        for (char c : new char[] {'?', '#'}) {
            int i = url.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return url.substring(0, cut).equals(redirect.toString());
    }

    /** Stops at the redirect URI or as soon as a consent step's element shows. */
    static Function<String, Boolean> redirectOrConsent(BrowserSession browser, URI redirect, List<LoginStep> consent) {
        List<String> selectors = consent.stream().map(LoginStep::selector).toList();
        return url -> at(url, redirect) || displayed(browser, selectors);
    }
}
