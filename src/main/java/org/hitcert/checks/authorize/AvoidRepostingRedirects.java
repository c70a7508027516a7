package org.hitcert.checks.authorize;

import static org.hitcert.checks.Checks.fail;

import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.authorize.FormRedirects.Hop;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;

/**
 * RFC 9700 §4.12: after the user submits a form (credentials, consent) the authorization server must not redirect with
 * 307 or 308, which make the browser POST the same form, credentials included, to the next URL (the client's). 303 is
 * the recommended status, 302 is safe in browsers. Observed in the real browser: the statuses of the redirects that
 * answered the login and consent POSTs of a fresh flow. A single-page login submits by script (XHR or fetch): when no
 * submission was answered by a redirect, those answers are shown, and the flow must still end with a code.
 */
public final class AvoidRepostingRedirects implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("authorize.login.no-307",
                "The login and consent forms are answered with 302/303, never a 307/308 that re-posts them",
                List.of("redirect-307"), List.of(), true).readsNetworkEvents();
    }

    @Override
    public void run(CheckContext ctx) {
        if (!ctx.browser().isRealBrowser()) {
            throw new Inconclusive("only a real browser shows the statuses of the redirects after a form POST; running under "
                    + ctx.browser().description());
        }
        ClientSpec client = Clients.browserClient(ctx.target());
        ctx.browser().clearSession(); // a fresh session: the login and consent forms are both shown
        ctx.browser().networkEvents();
        Authorization auth = ctx.flow().authorize(client, Clients.defaultUser(ctx.target()), Map.of());
        List<Map<String, Object>> events = ctx.browser().networkEvents();
        List<Hop> hops = FormRedirects.hops(events);
        List<Hop> posts = FormRedirects.afterPost(hops);
        ctx.note("redirects followed", hops.isEmpty() ? "none" : hops.toString());
        List<Hop> reposting = posts.stream().filter(Hop::repostsBody).toList();
        if (!reposting.isEmpty()) {
            throw fail("a submitted form was answered with a redirect that makes the browser re-send the form body (and the "
                    + "credentials in it) to the next URL: " + reposting + "; expected 303 (or 302), RFC 9700 §4.12");
        }
        boolean code = auth.ending().kind() == org.hitcert.support.AuthorizationEnding.Kind.CODE;
        if (posts.isEmpty()) {
            // a single-page login submits by script: its XHR or fetch answered without a redirect cannot re-post anything
            String server = ctx.target().endpoint("authorization").map(u -> u.getScheme() + "://" + u.getRawAuthority() + "/")
                    .orElse("");
            List<FormRedirects.Submission> submitted = FormRedirects.submissions(events).stream()
                    .filter(x -> !server.isEmpty() && x.url().startsWith(server)).toList();
            ctx.note("submissions answered", submitted.isEmpty() ? "none" : submitted.toString());
            if (code && !submitted.isEmpty()) {
                ctx.pass("the login and consent were submitted without a redirect answering them (" + submitted + "), and "
                        + "the flow then went on by GET to the redirect URI with a code (redirects: " + hops + "): nothing "
                        + "re-posted a submitted body (RFC 9700 §4.12)");
                return;
            }
            throw new Inconclusive("no submission to the authorization server was seen answered during the flow (redirects: "
                    + hops + ", flow " + (auth.redirected() ? "reached the redirect URI" : "stopped at " + auth.landedAt())
                    + ")");
        }
        if (!code) {
            throw new Inconclusive("the form POSTs seen were answered with " + posts + ", but the flow did not end with a code ("
                    + auth.ending().detail() + "), so the POSTs that lead to the redirect URI may not all have been seen");
        }
        boolean all303 = posts.stream().allMatch(h -> h.status() == 303);
        ctx.pass("all " + posts.size() + " form POSTs of a flow that ended at the redirect URI with a code were answered "
                + "with a redirect that does not re-post: " + posts + (all303 ? "" : " (303 is recommended, RFC 9700 §4.12)"));
    }
}
