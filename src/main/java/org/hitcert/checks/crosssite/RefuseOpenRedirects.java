package org.hitcert.checks.crosssite;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.AttackerOrigin;
import org.hitcert.support.BrowserSession;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.LoopbackTls;

/**
 * RFC 9700 §4.11.2 and RFC 6749 §10.15: the authorization server must not be an open redirector. In the
 * browser, URLs of the server carry a landing page on the suite's attacker origin in the parameters that
 * login, logout and similar pages commonly follow (post_logout_redirect_uri at the advertised
 * end_session_endpoint, and next, return_to, redirect, continue, post_login at the login page and at
 * {issuer}/logout); FAIL when the browser arrives at the attacker's landing page.
 */
public final class RefuseOpenRedirects implements Check {

    private static final List<String> PARAMS = List.of("next", "return_to", "returnTo", "redirect", "redirect_url", "continue",
            "post_login", "post_login_redirect_uri", "post_logout_redirect_uri", "target", "url");
    private static final long ARRIVAL_WAIT_MS = 500;

    @Override
    public CheckInfo info() {
        return new CheckInfo("crosssite.open-redirect.refused",
                "No page of the authorization server redirects the browser to an arbitrary site",
                List.of("open-redirect-logout"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) throws Exception {
        BrowserSession browser = ctx.browser();
        var target = ctx.target();
        var client = Pages.browserClient(target);
        List<String> tried = new ArrayList<>();
        List<String> redirected = new ArrayList<>();
        try (AttackerOrigin attacker = AttackerOrigin.startCrossSite(LoopbackTls.shared(), ctx.target())) {
            Map<String, URI> probes = new LinkedHashMap<>();
            int n = 0;
            var endSession = target.discovery().map(d -> d.path("end_session_endpoint").asText(null));
            if (endSession.isPresent()) {
                probes.put("end_session_endpoint with post_logout_redirect_uri", HttpRequestSpec.withQuery(
                        URI.create(endSession.get()), "post_logout_redirect_uri", attacker.landing("p" + ++n).toString(),
                        "client_id", client.clientId()));
            }
            String issuer = target.issuer().toString().replaceAll("/+$", "");
            for (String path : List.of("/logout", "/login")) {
                probes.put(issuer + path + " with " + String.join(", ", PARAMS), withAll(URI.create(issuer + path), attacker, "p" + ++n));
            }
            probes.put("the login page (authorization request) with " + String.join(", ", PARAMS),
                    withAll(Pages.authorizationRequest(target, client, Map.of()), attacker, "p" + ++n));
            for (Map.Entry<String, URI> p : probes.entrySet()) {
                int before = attacker.hits("/landing/").size();
                browser.open(p.getValue());
                long deadline = System.currentTimeMillis() + ARRIVAL_WAIT_MS;
                while (attacker.hits("/landing/").size() == before && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                tried.add(p.getKey());
                if (attacker.hits("/landing/").size() > before) {
                    browser.screenshot("open redirect: " + p.getKey());
                    redirected.add(p.getKey() + " (" + p.getValue().getPath() + ")");
                }
            }
        }
        if (tried.isEmpty()) {
            throw new Inconclusive("no URL of the authorization server could be probed");
        }
        if (!redirected.isEmpty()) {
            throw fail("the authorization server sent the browser to an arbitrary site named in a parameter: "
                    + String.join("; ", redirected) + " reached the suite's attacker page; expected no off-site hop to an "
                    + "unregistered URL (RFC 9700 §4.11.2, RFC 6749 §10.15)");
        }
        ctx.pass("no probe reached the attacker's landing page: " + String.join("; ", tried));
    }

    private static URI withAll(URI base, AttackerOrigin attacker, String label) {
        List<String> pairs = new ArrayList<>();
        for (String name : PARAMS) {
            pairs.add(name);
            pairs.add(attacker.landing(label).toString());
        }
        return HttpRequestSpec.withQuery(base, pairs.toArray(String[]::new));
    }
}
