package org.hitcert.checks.login;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.checks.idtoken.OidcFlows;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.LoginStep;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpRequestSpec;

/**
 * Single sign-on and its end (TSS-03; OpenID Connect RP-Initiated Logout 1.0 §2): after a login through client A, the
 * {@code second} client B gets a code in the same browser without credentials (SSO; noted, not required); after the
 * browser visits the advertised end_session_endpoint with A's ID token as id_token_hint, the same request for B must
 * meet a login page again, not a silent code. NOT_APPLICABLE when discovery advertises no end_session_endpoint.
 */
public final class EndSessionOnLogout implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("login.sso.logout-ends-session",
                "After RP-initiated logout, single sign-on no longer gives another client a code without credentials",
                List.of("logout-keeps-session"), List.of(), true).takesLong();
    }

    @Override
    public void run(CheckContext ctx) {
        String endSession = ctx.target().discovery().map(d -> d.path("end_session_endpoint").asText(""))
                .filter(s -> !s.isEmpty()).orElseThrow(() -> new NotApplicable(
                        "discovery advertises no end_session_endpoint (RP-Initiated Logout is not offered)"));
        ClientSpec a = OidcFlows.browserClient(ctx);
        ClientSpec b = ctx.target().client("second").orElseThrow(() -> org.hitcert.checks.Checks.noClient("second",
                "a client with role second, the other application of single sign-on"));
        UserSpec user = OidcFlows.user(ctx, "default");
        ctx.browser().clearSession();
        OidcFlows.Tokens first = OidcFlows.codeFlow(ctx, a, user, Map.of());
        Authorization sso = withoutCredentials(ctx, b, user);
        if (sso.param("code").isEmpty()) {
            throw new Inconclusive("no single sign-on to observe: right after the login through " + a.clientId()
                    + ", client " + b.clientId() + " did not get a code without credentials (" + where(sso) + "), so "
                    + "what a logout ends cannot be seen");
        }
        ctx.note("single sign-on", b.clientId() + " got a code without credentials after the login through "
                + a.clientId());

        String hint = first.response().path("id_token").asText("");
        URI logout = hint.isEmpty()
                ? HttpRequestSpec.withQuery(URI.create(endSession), "client_id", a.clientId())
                : HttpRequestSpec.withQuery(URI.create(endSession), "id_token_hint", hint, "client_id", a.clientId());
        ctx.http().requireAllowed(logout);
        ctx.browser().open(logout);
        // RP-Initiated Logout §2: the OP SHOULD ask the user to confirm; the suite confirms when the page offers an
        // unambiguous "yes / sign out" control (a button may sit outside its form, tied to it by form="...")
        List<org.openqa.selenium.WebElement> controls = ctx.browser().driver().findElements(org.openqa.selenium.By.cssSelector(
                "button, input[type=submit]"));
        boolean asksToConfirm = !controls.isEmpty()
                || !ctx.browser().driver().findElements(org.openqa.selenium.By.tagName("form")).isEmpty();
        java.util.Optional<org.openqa.selenium.WebElement> confirm = controls.stream()
                .filter(c -> confirms(c.getText() + " " + c.getAttribute("value") + " " + c.getAttribute("name")))
                .findFirst();
        ctx.browser().screenshot("after the end_session_endpoint");
        if (confirm.isPresent()) {
            ctx.note("logout confirmation", "the end_session_endpoint asked to confirm; the suite clicked '"
                    + confirm.get().getText().strip() + "'");
            confirm.get().click();
            ctx.browser().screenshot("after confirming the logout");
            asksToConfirm = false;
        }

        Authorization after = withoutCredentials(ctx, b, user);
        if (after.param("code").isPresent()) {
            if (asksToConfirm) {
                throw new Inconclusive("after the visit to the end_session_endpoint the session still gave " + b.clientId()
                        + " a code, but the logout page shows a form (perhaps asking the user to confirm, RP-Initiated "
                        + "Logout §2), which the suite does not submit");
            }
            throw fail("after RP-initiated logout at " + endSession + " (id_token_hint of " + a.clientId() + "), client "
                    + b.clientId() + " still got a code in the same browser without credentials: the login session "
                    + "survived the logout; RP-Initiated Logout 1.0 §2 requires the OP to log the user out");
        }
        ctx.pass("SSO gave " + b.clientId() + " a code without credentials after the login through " + a.clientId()
                + "; after the end_session_endpoint the same request met " + where(after));
    }

    /** An authorization request for {@code client} with no credential step: only the consent steps may be run. */
    private static Authorization withoutCredentials(CheckContext ctx, ClientSpec client, UserSpec user) {
        URI redirect = ctx.flow().redirectUri(client);
        List<LoginStep> login = ctx.target().login();
        List<String> loginForm = List.of(login.get(0).selector());
        Function<String, Boolean> stop = url -> LoginSteps.at(url, redirect) || LoginSteps.displayed(ctx.browser(), loginForm);
        // offline_access may rightly call for a fresh login and consent (OIDC Core §11): SSO is probed without it
        String scope = org.hitcert.support.CodeFlow.scopeWithoutOfflineAccess(client.scope());
        return ctx.flow().authorize(client, user, Map.of("scope", scope), stop, LoginSteps.consentSteps(login));
    }

    /** A control that confirms a logout: yes / log out / sign out, and not a refusal. */
    static boolean confirms(String label) {
        String l = label.toLowerCase(java.util.Locale.ROOT);
        boolean refuses = l.matches("(?s).*\\b(no|cancel|stay|keep)\\b.*");
        boolean yes = l.matches("(?s).*\\b(yes|log ?out|logout|sign ?out|signout|confirm)\\b.*");
        return yes && !refuses;
    }

    private static String where(Authorization auth) {
        if (LoginSteps.at(auth.landedAt(), auth.redirectUri())) {
            return "the redirect URI with " + auth.param("error").map(e -> "error " + e).orElse("no code");
        }
        return "the login page (" + auth.landedAt() + ")";
    }
}
