package org.hitcert.checks.authorize;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.NotApplicable;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Pkce;

/**
 * OIDC Core §3.1.2.1 and §3.1.2.6: with prompt=none and no session, the server shows no page; it redirects at once
 * with login_required (or interaction_required, consent_required, account_selection_required) and the state.
 */
public final class AnswerPromptNoneWithoutUi implements Check {

    static final Set<String> NO_UI_ERRORS = Set.of("login_required", "interaction_required", "consent_required",
            "account_selection_required");
    private static final Duration WAIT = Duration.ofSeconds(3);

    @Override
    public CheckInfo info() {
        return new CheckInfo("authorize.prompt-none.no-ui",
                "prompt=none with no session redirects at once with login_required, showing no page",
                List.of("prompt-none-ignored"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Clients.browserClient(ctx.target());
        if (!(" " + client.scope() + " ").contains(" openid ")) {
            throw org.hitcert.checks.Checks.scopeLacks(ctx.target(), client.scope(), "openid"); // prompt is OpenID Connect's
        }
        URI registered = ctx.flow().redirectUri(client);
        String state = Pkce.random(16);
        Map<String, String> params = ctx.flow().standardParams(client, state, Pkce.s256(), Pkce.random(16));
        params.put("prompt", "none");
        URI request = AuthorizationRequests.url(ctx, params);
        ctx.browser().open(request); // a fresh browser: no session
        boolean back = ctx.browser().awaitArrival(url -> Redirects.targets(url, registered.toString()), WAIT);
        ctx.browser().screenshot(back ? "prompt=none response" : "prompt=none showed a page");
        if (!back) {
            throw fail("prompt=none with no session did not redirect within " + WAIT.toSeconds() + " s; the browser shows "
                    + ctx.browser().currentUrl().replaceAll("\\?.*", "") + " (title '" + ctx.browser().driver().getTitle()
                    + "'): expected a redirect with error=login_required and no UI (OIDC Core §3.1.2.6)");
        }
        URI at = URI.create(ctx.browser().currentUrl());
        Map<String, String> response = HttpRequestSpec.parseQuery(at.getRawQuery());
        if (response.containsKey("code")) {
            throw fail("prompt=none with no session was answered with a code: no user was authenticated "
                    + "(OIDC Core §3.1.2.1: login_required expected)");
        }
        String error = response.getOrDefault("error", "none");
        if (!NO_UI_ERRORS.contains(error)) {
            throw fail("prompt=none with no session was answered with error=" + error + "; expected one of " + NO_UI_ERRORS
                    + " (OIDC Core §3.1.2.6)");
        }
        ctx.pass("prompt=none with no session redirected at once with error=" + error + ", no page shown");
    }
}
