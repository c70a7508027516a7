package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Pkce;

/**
 * RFC 6749 §5.1 (and §5.2 by the same reasoning), OIDC Core §3.1.3.3, SMART App Launch: token endpoint
 * responses carry {@code Cache-Control: no-store} and {@code Pragma: no-cache}, success and error alike.
 */
public final class EnsureTokenResponsesNotCached implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.response.no-store",
                "Token endpoint responses, success and error, forbid caching",
                List.of("token-cacheable"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = ctx.target().client("public").or(() -> ctx.target().client("confidential"))
                .orElseThrow(() -> new Inconclusive("no public or confidential client to obtain a token with"));
        Authorization auth = ctx.flow().authorize(client, ctx.target().user("default")
                .orElseThrow(() -> new Inconclusive("no default test user")), Map.of());
        String code = auth.param("code").orElseThrow(() -> new Inconclusive(
                "could not obtain a code to redeem (" + (auth.redirected() ? "response " + auth.response().keySet()
                        : "stopped at " + auth.landedAt()) + ")"));
        HttpExchange success = ctx.flow().redeem(client, code, auth.redirectUri(), auth.pkce().verifier());
        if (success.status() != 200) {
            throw new Inconclusive("the code did not redeem (" + success.summary() + "), so no success response to inspect");
        }
        HttpExchange error = ctx.flow().redeem(client, Pkce.random(32), auth.redirectUri(), Pkce.s256().verifier());
        if (error.status() < 400) {
            throw fail("redeeming a made-up code answered " + error.summary() + "; expected an error (RFC 6749 §5.2)");
        }
        List<String> problems = new ArrayList<>();
        for (HttpExchange x : List.of(success, error)) {
            String kind = x == success ? "success" : "error";
            List<String> cacheControl = x.headerValues("Cache-Control");
            if (cacheControl.stream().noneMatch(v -> v.toLowerCase().contains("no-store"))) {
                problems.add(kind + " response (" + x.status() + ") has Cache-Control " + (cacheControl.isEmpty() ? "absent" : cacheControl));
            }
            List<String> pragma = x.headerValues("Pragma");
            if (pragma.stream().noneMatch(v -> v.toLowerCase().contains("no-cache"))) {
                problems.add(kind + " response (" + x.status() + ") has Pragma " + (pragma.isEmpty() ? "absent" : pragma));
            }
        }
        if (!problems.isEmpty()) {
            throw fail(String.join("; ", problems) + "; expected Cache-Control: no-store and Pragma: no-cache (RFC 6749 §5.1, SMART App Launch)");
        }
        ctx.pass("success (200) and error (" + error.status() + ") token responses both carry Cache-Control: no-store and Pragma: no-cache");
    }
}
