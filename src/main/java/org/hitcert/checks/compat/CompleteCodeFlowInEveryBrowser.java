package org.hitcert.checks.compat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.compat.BrowserMatrix.Cell;
import org.hitcert.checks.compat.BrowserMatrix.Outcome;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.LoginStep;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.model.Evidence;
import org.hitcert.model.ParamSpec;
import org.hitcert.support.BrowserSession;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Target;
import org.openqa.selenium.By;

/**
 * TSS-09 (compatibility with browsers and client platforms): the authorization-code flow with PKCE, through the
 * candidate's login and (where its file has one) consent pages, completes in every browser the run lists
 * ({@code --browser}, repeatable: local Chromium, Selenium Grid browsers), and, for browsers with device emulation, in
 * the same browser's Android phone profile (its User-Agent and client hints, a phone viewport, touch). Per browser
 * and profile: login, consent, code at the redirect URI, code redeemed. A candidate that refuses or breaks its login
 * for one of them FAILs; a page that offers a form the candidate file's selectors do not match is INCONCLUSIVE, since
 * a person might still sign in there.
 */
public final class CompleteCodeFlowInEveryBrowser implements Check {

    static final ParamSpec MOBILE = new ParamSpec("mobile", ParamSpec.Type.BOOLEAN, true,
            "also run the flow in each browser's Android phone profile (Chrome DevTools device emulation: User-Agent, "
                    + "viewport, touch); false for a candidate that supports desktop browsers only");

    @Override
    public CheckInfo info() {
        return new CheckInfo("compat.browsers.code-flow",
                "The authorization-code flow with login and consent completes in every listed browser and its phone profile",
                List.of("login-browser-sniffing"), List.of(MOBILE), true).takesLong();
    }

    @Override
    public void run(CheckContext ctx) {
        Target target = ctx.target();
        ClientSpec client = org.hitcert.checks.Checks.browserClient(target);
        UserSpec user = org.hitcert.checks.Checks.user(target, "default");
        List<String> kinds = ctx.browserKinds().isEmpty() ? List.of(ctx.runBrowserKind()) : ctx.browserKinds();
        boolean mobile = ctx.params().bool(MOBILE);
        List<Cell> cells = new ArrayList<>();
        for (String kind : kinds) {
            BrowserSession session;
            try {
                session = ctx.browser(kind);
            } catch (Inconclusive e) {
                cells.add(new Cell(kind, BrowserMatrix.DESKTOP, Outcome.NOT_OBSERVED, e.getMessage(), Map.of()));
                continue;
            }
            if (!session.isRealBrowser()) {
                cells.add(new Cell(session.description(), BrowserMatrix.DESKTOP, Outcome.NOT_OBSERVED,
                        "not a real browser: compatibility is a property of browser engines", Map.of()));
                continue;
            }
            cells.add(flow(ctx, session, BrowserMatrix.DESKTOP, client, user));
            if (mobile) {
                cells.add(flow(ctx, session, BrowserMatrix.MOBILE, client, user));
            }
            session.clearSession();
        }
        ctx.evidence(new Evidence("browser-matrix", "authorization-code flow per browser", BrowserMatrix.evidence(cells)));
        BrowserMatrix.Decision d = BrowserMatrix.decide(cells, kinds.size());
        switch (d.kind()) {
            case FAIL -> throw org.hitcert.checks.Checks.fail(d.reason());
            case INCONCLUSIVE -> throw new Inconclusive(d.reason());
            case PASS -> ctx.pass(d.reason());
        }
    }

    private static Cell flow(CheckContext ctx, BrowserSession session, String profile, ClientSpec client, UserSpec user) {
        String browser = session.description();
        session.clearSession(); // a fresh visitor: the login and consent pages are shown
        if (profile.equals(BrowserMatrix.MOBILE)) {
            Optional<String> presented = session.emulateMobile();
            if (presented.isEmpty()) {
                return new Cell(browser, profile, Outcome.NOT_OBSERVED, "the browser offers no device emulation here", Map.of());
            }
            ctx.note(browser + ": mobile profile", presented.get());
        }
        List<LoginStep> consentSteps = ctx.target().login().stream().filter(LoginStep::consent).toList();
        Map<String, String> stages = new LinkedHashMap<>();
        Authorization auth;
        try {
            auth = ctx.flow(session).authorize(client, user, Map.of());
        } catch (RuntimeException e) {
            return new Cell(browser, profile, Outcome.NOT_OBSERVED, "the browser failed: " + firstLine(e), stages);
        }
        List<LoginStep> performed = session.performedSteps();
        boolean loggedIn = performed.stream().anyMatch(s -> !s.consent());
        stages.put("login", loggedIn ? "done" : auth.redirected() ? "not asked" : "failed");
        stages.put("consent", consentSteps.isEmpty() ? "none in candidate file"
                : performed.stream().anyMatch(LoginStep::consent) ? "done" : auth.redirected() ? "not asked" : "not reached");
        if (!auth.redirected()) {
            String page = withoutQueries("the browser stopped at " + auth.landedAt() + " (page title '" + title(session)
                    + "')" + auth.loginProblem().map(p -> ": " + p).orElse(""));
            if (offersForm(session)) {
                return new Cell(browser, profile, Outcome.NOT_OBSERVED, page + "; the page offers a form the candidate "
                        + "file's login steps do not match here: give steps that fit it", stages);
            }
            return new Cell(browser, profile, Outcome.FAILED, page + "; the page offers no form to sign in with", stages);
        }
        if (auth.param("error").isPresent()) {
            stages.put("redirect", "failed");
            return new Cell(browser, profile, Outcome.FAILED, "the authorization response is an error: error="
                    + auth.param("error").get() + auth.param("error_description").map(x -> " (" + x + ")").orElse(""), stages);
        }
        Optional<String> code = auth.param("code");
        if (code.isEmpty()) {
            stages.put("redirect", "failed");
            return new Cell(browser, profile, Outcome.FAILED, "the redirect to " + auth.redirectUri() + " carried no code", stages);
        }
        stages.put("redirect", "done");
        HttpExchange token = ctx.flow(session).redeem(client, code.get(), auth.redirectUri(), auth.pkce().verifier());
        boolean issued = token.status() == 200 && token.json().map(j -> j.hasNonNull("access_token")).orElse(false);
        stages.put("redeem", issued ? "done" : "failed");
        if (!issued) {
            return new Cell(browser, profile, Outcome.FAILED, "the code from this browser did not redeem: " + token.summary(), stages);
        }
        String tokenType = token.json().map(j -> j.path("token_type")).map(JsonNode::asText).orElse("");
        return new Cell(browser, profile, Outcome.COMPLETED, "login" + ("done".equals(stages.get("consent")) ? ", consent" : "")
                + ", code and " + tokenType + " token", stages);
    }

    /** Whether the page lets a person sign in some way (a form, a password field, or any visible input). */
    private static boolean offersForm(BrowserSession session) {
        try {
            return session.driver().findElements(By.cssSelector("form, input[type=password], input:not([type=hidden])"))
                    .stream().anyMatch(e -> e.isDisplayed() || "form".equalsIgnoreCase(e.getTagName()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String title(BrowserSession session) {
        try {
            return String.valueOf(session.driver().getTitle());
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** URLs without their query: the request's parameters say nothing here and would bury the reason. */
    static String withoutQueries(String text) {
        return text.replaceAll("(https?://[^\\s?#]+)[?#][^\\s)]*", "$1");
    }

    private static String firstLine(RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
