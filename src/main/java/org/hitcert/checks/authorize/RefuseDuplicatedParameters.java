package org.hitcert.checks.authorize;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.AuthorizationEnding;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.RefusalDecision;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Pkce;

/**
 * RFC 6749 §3.1: request parameters MUST NOT be included more than once. A valid request with state, client_id or
 * redirect_uri repeated must be refused (invalid_request); no code is issued, and with two redirect URIs the server
 * cannot know where to send an error, so it redirects to neither.
 */
public final class RefuseDuplicatedParameters implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("authorize.params.no-duplicates",
                "Repeated state, client_id or redirect_uri is refused, with no code and no redirect to either URI",
                List.of("dup-param-accepted"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Clients.browserClient(ctx.target());
        URI registered = ctx.flow().redirectUri(client);
        String otherRedirect = Redirects.variant(registered, "extra-path").orElseThrow();
        String otherClient = ctx.target().clients().stream().map(c -> c.clientId()).filter(id -> !id.equals(client.clientId()))
                .findFirst().orElse("hitcert-unknown-client");
        List<String> seen = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        List<String> inconclusive = new ArrayList<>();
        for (String[] c : new String[][] {{"state", Pkce.random(16)}, {"client_id", otherClient}, {"redirect_uri", otherRedirect}}) {
            String name = c[0];
            String state = Pkce.random(16);
            Pkce pkce = Pkce.s256();
            String nonce = Pkce.random(16);
            Map<String, String> params = ctx.flow().standardParams(client, state, pkce, nonce);
            URI request = AuthorizationRequests.repeated(AuthorizationRequests.url(ctx, params), name, c[1]);
            String what = name + " sent twice";
            HttpExchange x = ctx.http().get(request);
            Optional<String> hop = Redirects.hop(x, request, url -> Redirects.targets(url, otherRedirect)
                    || Redirects.targets(url, registered.toString()));
            if (hop.isPresent() && x.header("Location").map(l -> l.contains("code=")).orElse(false)) {
                throw fail(what + ": the server issued a code (" + hop.get().replaceAll("code=[^&#]*", "code=…")
                        + "), i.e. it processed one of the values; expected invalid_request (RFC 6749 §3.1)");
            }
            if (hop.isPresent() && name.equals("redirect_uri")) {
                throw fail(what + ": the server redirected to one of them (" + hop.get().replaceAll("code=[^&#]*", "code=…")
                        + "); with two redirect URIs neither is verified (RFC 6749 §3.1, §4.1.2.1: MUST NOT redirect)");
            }
            if (hop.isPresent() || !Redirects.mayNavigate(x)) {
                decide(ctx, client, what, Redirects.ending(x, request, registered.toString()), seen, inconclusive);
                continue;
            }
            if (!ctx.browser().isRealBrowser()) {
                undecided.add(what);
                continue;
            }
            ctx.browser().open(request);
            Authorization a = ctx.flow().complete(request, state, pkce, nonce, registered, Clients.defaultUser(ctx.target()),
                    url -> Redirects.targets(url, otherRedirect) || Redirects.targets(url, registered.toString()));
            if (a.redirected() && a.param("code").isPresent()) {
                throw fail(what + ": after login the server issued a code to " + a.landedAt().replaceAll("\\?.*", "")
                        + ", i.e. it processed one of the values; expected invalid_request (RFC 6749 §3.1)");
            }
            if (a.redirected() && name.equals("redirect_uri")) {
                throw fail(what + ": after login the server redirected to " + a.landedAt().replaceAll("\\?.*", "")
                        + "; with two redirect URIs neither is verified (RFC 6749 §4.1.2.1: MUST NOT redirect)");
            }
            decide(ctx, client, what, a.ending(), seen, inconclusive);
        }
        if (!inconclusive.isEmpty()) {
            throw new Inconclusive(String.join("; ", inconclusive));
        }
        if (!undecided.isEmpty()) {
            throw new Inconclusive("for " + undecided + " the server showed a page, and only a real browser can follow it; "
                    + "running under " + ctx.browser().description());
        }
        ctx.pass("no code was issued and no redirect went to an unverified URI: " + String.join("; ", seen));
    }

    /** A recognised refusal beside the positive control (the request sent once each) counts; anything else is undecided. */
    private static void decide(CheckContext ctx, ClientSpec client, String what, AuthorizationEnding ending, List<String> seen,
                               List<String> inconclusive) {
        Optional<AuthorizationEnding> control = ending.refusalLike()
                ? Optional.of(ctx.flow().positiveControl(client, Clients.defaultUser(ctx.target()))) : Optional.empty();
        RefusalDecision d = RefusalDecision.decide(what, ending, control);
        (d.outcome() == RefusalDecision.Outcome.REFUSED ? seen : inconclusive).add(d.reason());
    }
}
