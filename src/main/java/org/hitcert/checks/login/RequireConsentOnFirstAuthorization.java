package org.hitcert.checks.login;

import static org.hitcert.checks.Checks.fail;

import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.idtoken.OidcFlows;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.LoginStep;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.support.CodeFlow.Authorization;

/**
 * RFC 6819 §5.2.3.2 (informed decisions: the user sees who asks for what before authorizing) and HEART "Client
 * Approval": in a fresh browser, the suite runs only the login steps (the candidate's steps marked {@code consent}
 * left out) and watches whether a consent page appears before any code reaches the redirect URI. A server that
 * remembers a user's earlier consent may issue the code without asking; then {@code prompt=consent} (OIDC Core
 * §3.1.2.1) must bring the consent page back. FAIL only when no consent step appears even then: no code was ever
 * preceded by a consent page. Authorization servers may skip consent for pre-authorized first-party clients, which is
 * why the requirement is recommended, not required.
 */
public final class RequireConsentOnFirstAuthorization implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("login.consent.first-authorization",
                "A client's authorization shows a consent page naming the scopes before any code is issued",
                List.of("consent-skipped"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        List<LoginStep> consent = LoginSteps.consentSteps(ctx.target().login());
        if (consent.isEmpty()) {
            throw new Inconclusive("the candidate's login steps mark no step as the consent page (consent: true), so the "
                    + "suite cannot tell a consent page from the login");
        }
        ClientSpec client = OidcFlows.browserClient(ctx);
        UserSpec user = OidcFlows.user(ctx, "default");
        Authorization plain = loginOnly(ctx, client, user, consent, Map.of());
        if (consentShown(ctx, consent, plain)) {
            passWithScopes(ctx, client, "a fresh browser's authorization request");
            return;
        }
        requireCode(plain, "the authorization request");
        ctx.note("no consent page", "the first request gave a code after the login alone: the server may remember an "
                + "earlier consent of this user for this client; asking again with prompt=consent");
        Authorization asked = loginOnly(ctx, client, user, consent, Map.of("prompt", "consent"));
        if (consentShown(ctx, consent, asked)) {
            passWithScopes(ctx, client, "prompt=consent (the server remembered this user's earlier consent to "
                    + client.clientId() + ", which it may)");
            return;
        }
        requireCode(asked, "the authorization request with prompt=consent");
        throw fail("in a fresh browser the login alone (the consent steps left out) brought a code to the redirect URI, "
                + "also with prompt=consent: no consent page named the client or its scopes (" + client.scope()
                + ") before the code was issued; expected a consent page before the first code (RFC 6819 §5.2.3.2, "
                + "HEART Client Approval, OIDC Core §3.1.2.1 prompt=consent). A server may skip consent for a "
                + "pre-authorized first-party client; then attest it");
    }

    private static Authorization loginOnly(CheckContext ctx, ClientSpec client, UserSpec user, List<LoginStep> consent,
                                           Map<String, String> overrides) {
        ctx.browser().clearSession();
        java.net.URI redirect = ctx.flow().redirectUri(client);
        return ctx.flow().authorize(client, user, overrides,
                LoginSteps.redirectOrConsent(ctx.browser(), redirect, consent),
                LoginSteps.withoutConsent(ctx.target().login()));
    }

    private static boolean consentShown(CheckContext ctx, List<LoginStep> consent, Authorization auth) {
        return !LoginSteps.at(ctx.browser().currentUrl(), auth.redirectUri())
                && LoginSteps.displayed(ctx.browser(), consent.stream().map(LoginStep::selector).toList());
    }

    private static void requireCode(Authorization auth, String what) {
        if (!LoginSteps.at(auth.landedAt(), auth.redirectUri())) {
            throw new Inconclusive(what + " reached neither a consent page nor the redirect URI (stopped at "
                    + auth.landedAt() + auth.loginProblem().map(p -> ": " + p).orElse("") + ")");
        }
        if (auth.param("code").isEmpty()) {
            throw new Inconclusive(what + " ended at the redirect URI without a code (" + auth.param("error").orElse(
                    "no error") + "), so whether a consent page would precede a code cannot be seen");
        }
    }

    private static void passWithScopes(CheckContext ctx, ClientSpec client, String when) {
        String page = ctx.browser().driver().getPageSource();
        List<String> scopes = List.of(client.scope().trim().split(" +"));
        long named = scopes.stream().filter(page::contains).count();
        ctx.browser().screenshot("consent page");
        ctx.note("scopes on the consent page", named + " of " + scopes.size() + " requested scope values appear verbatim "
                + "(a page may describe them in words instead; HEART asks for scope, registration type and duration)");
        ctx.pass("after the login alone, " + when + " stopped at the consent page; no code was issued before it ("
                + named + " of " + scopes.size() + " scope values named verbatim)");
    }
}
