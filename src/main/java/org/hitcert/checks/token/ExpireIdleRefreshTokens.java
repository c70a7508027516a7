package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.ParamSpec;
import org.hitcert.support.HttpExchange;

/**
 * RFC 9700 §4.14.2 (refresh tokens SHOULD expire after a period of inactivity), HEART token lifetimes: a refresh token
 * left unused for longer than the candidate's idle limit no longer refreshes. The candidate file claims the limit
 * ({@code claims: refresh-idle-seconds}, or {@code refresh-idle-seconds-<role>} for one client); without a claim the
 * check would have to wait up to 24 h and is INCONCLUSIVE. The check takes a refresh token for the client with the
 * shortest claim, refreshes once at once (the baseline: refresh works), waits the claim plus a margin without using the
 * newest refresh token, and refreshes again: an access token fails. Graded SHOULD.
 */
public final class ExpireIdleRefreshTokens implements Check {

    static final String CLAIM = "refresh-idle-seconds";
    static final ParamSpec CEILING = new ParamSpec("ceiling-seconds", ParamSpec.Type.INTEGER, 60,
            "the longest the check may wait for a refresh token to go idle, in seconds");
    static final ParamSpec MARGIN = new ParamSpec("margin-seconds", ParamSpec.Type.INTEGER, 2,
            "waited beyond the claimed idle limit");
    private static final List<String> BROWSER_ROLES = List.of("public", "confidential", "second", "refresh-idle");

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.refresh.idle-expiry", "A refresh token unused beyond the claimed idle limit no longer refreshes",
                List.of("refresh-never-idles"), List.of(CEILING, MARGIN), true).waitsFor(CLAIM).sharesLogin().readsRefreshTokens();
    }

    @Override
    public Optional<java.time.Duration> plannedWait(org.hitcert.support.Target target, org.hitcert.model.Params params) {
        return shortestClaim(target.clients(), target.claims())
                .map(e -> java.time.Duration.ofSeconds(e.getValue() + params.integer(MARGIN)));
    }

    /** The client with the shortest claimed idle limit, with that limit (seconds); empty when nothing is claimed. */
    static Optional<Map.Entry<ClientSpec, Long>> shortestClaim(List<ClientSpec> clients, Map<String, Long> claims) {
        Optional<Map.Entry<ClientSpec, Long>> best = Optional.empty();
        for (ClientSpec c : clients) {
            if (c.roles().stream().noneMatch(BROWSER_ROLES::contains)) {
                continue;
            }
            Long limit = claims.getOrDefault(CLAIM + "-" + c.role(), claims.get(CLAIM));
            if (limit != null && (best.isEmpty() || limit < best.get().getValue())) {
                best = Optional.of(Map.entry(c, limit));
            }
        }
        return best;
    }

    @Override
    public void run(CheckContext ctx) throws InterruptedException {
        Map.Entry<ClientSpec, Long> pick = shortestClaim(ctx.target().clients(), ctx.target().claims()).orElseThrow(() ->
                Inconclusive.notAssessed("claims: " + CLAIM + " (or " + CLAIM + "-<role>) for a browser client: without "
                        + "one, idle expiry could only be seen by leaving a refresh token unused for up to 24 h (HEART token "
                        + "lifetimes), which the suite does not wait", "claims: { " + CLAIM + ": N } with N the seconds "
                        + "a refresh token may stay unused"));
        ClientSpec client = pick.getKey();
        long wait = pick.getValue() + ctx.params().integer(MARGIN);
        long ceiling = Math.min(ctx.params().integer(CEILING), ctx.maxWait().toSeconds());
        if (wait > ceiling) {
            throw new Inconclusive("client " + client.clientId() + " claims an idle limit of " + pick.getValue() + " s; waiting "
                    + wait + " s exceeds the ceiling of " + ceiling + " s (the plan's ceiling-seconds, or the run's --max-wait)");
        }
        TokenCalls calls = new TokenCalls(ctx);
        JsonNode first = calls.userTokens(client, Map.of());
        if (!first.hasNonNull("refresh_token")) {
            throw new Inconclusive("the code flow of client " + client.clientId() + " (scope '" + client.scope()
                    + "') gave no refresh token");
        }
        HttpExchange baseline = calls.refresh(client, first.get("refresh_token").asText());
        Optional<JsonNode> renewed = baseline.json().filter(j -> baseline.status() == 200 && j.hasNonNull("access_token"));
        if (renewed.isEmpty()) {
            throw new Inconclusive("a fresh refresh token of client " + client.clientId() + " did not refresh (" + baseline.status()
                    + "), so a refusal after idling would prove nothing");
        }
        // a rotated refresh token replaces the used one; an unrotated one stays the one to idle
        String idle = renewed.get().hasNonNull("refresh_token") ? renewed.get().get("refresh_token").asText()
                : first.get("refresh_token").asText();
        ctx.pause(java.time.Duration.ofSeconds(wait));
        HttpExchange late = calls.refresh(client, idle);
        boolean released = late.status() == 200 && late.json().map(j -> j.hasNonNull("access_token")).orElse(false);
        if (released) {
            throw fail("a refresh token of client " + client.clientId() + " left unused for " + wait + " s still refreshed ("
                    + late.status() + " with an access token); the candidate claims an idle limit of " + pick.getValue()
                    + " s (RFC 9700 §4.14.2: refresh tokens should expire after a period of inactivity)");
        }
        ctx.pass("a refresh token of client " + client.clientId() + " refreshed at once, then was refused after " + wait
                + " s unused (" + late.status() + " " + late.json().map(j -> j.path("error").asText("")).orElse("")
                + "), past its claimed idle limit of " + pick.getValue() + " s");
    }
}
