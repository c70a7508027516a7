package org.hitcert.checks.code;

import static org.hitcert.checks.Checks.fail;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.ParamSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;

/**
 * RFC 6749 §4.1.2: a code expires shortly after issue (at most 10 minutes RECOMMENDED). The candidate file claims the
 * lifetime ({@code claims: code-lifetime-seconds}, or {@code code-lifetime-seconds-<role>} for one client); the check
 * takes a fresh code for the client with the shortest claim, waits that long plus a margin, and redeems it: a token
 * fails. A claim of {@code none} (codes never expire) FAILs on that statement. Without a claim it is not assessed (the
 * candidate file should claim the lifetime), unless the plan gives {@code assume-seconds}. A wait longer than the ceiling (or the run's maximum wait) is INCONCLUSIVE, never PASS.
 */
public final class ExpireCodes implements Check {

    static final String CLAIM = "code-lifetime-seconds";
    static final long ASSUMED = 600;
    static final ParamSpec CEILING = new ParamSpec("ceiling-seconds", ParamSpec.Type.INTEGER, 660,
            "the longest the check may wait for a code to expire, in seconds");
    static final ParamSpec MARGIN = new ParamSpec("margin-seconds", ParamSpec.Type.INTEGER, 2,
            "waited beyond the claimed lifetime (both ends are the server's clock: only latency and rounding matter)");
    static final ParamSpec ASSUME = new ParamSpec("assume-seconds", ParamSpec.Type.INTEGER, 0,
            "the code lifetime assumed when the candidate file claims none (0: assume nothing, the check is not assessed)");
    private static final List<String> BROWSER_ROLES = List.of("public", "confidential", "second");

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.code.expires",
                "A code no longer redeems after its claimed lifetime",
                List.of("code-long-lived"), List.of(CEILING, MARGIN, ASSUME), true).waitsFor(CLAIM).sharesLogin();
    }

    @Override
    public Optional<java.time.Duration> plannedWait(org.hitcert.support.Target target, org.hitcert.model.Params params) {
        return shortestClaim(target.clients(), target.claims(), params.integer(ASSUME))
                .map(e -> java.time.Duration.ofSeconds(e.getValue() + params.integer(MARGIN)));
    }

    /** The client whose codes the candidate claims to expire soonest, with that lifetime (seconds). */
    static Optional<Map.Entry<ClientSpec, Long>> shortestClaim(List<ClientSpec> clients, Map<String, Long> claims,
                                                               long assumed) {
        return browserClients(clients).map(c -> Map.entry(c, claimOf(c, claims, assumed)))
                .filter(e -> e.getValue() > 0)
                .min(Comparator.comparingLong((Map.Entry<ClientSpec, Long> e) -> e.getValue())
                        .thenComparing(e -> BROWSER_ROLES.indexOf(e.getKey().role())));
    }

    /** The clients that take part in browser flows, whose codes the check can obtain. */
    private static java.util.stream.Stream<ClientSpec> browserClients(List<ClientSpec> clients) {
        return clients.stream().filter(c -> c.roles().stream().anyMatch(BROWSER_ROLES::contains));
    }

    /** The code lifetime claimed for {@code c}'s role, else for every client, else {@code assumed}. */
    static long claimOf(ClientSpec c, Map<String, Long> claims, long assumed) {
        return claims.getOrDefault(CLAIM + "-" + c.role(), claims.getOrDefault(CLAIM, assumed));
    }

    @Override
    public void run(CheckContext ctx) throws InterruptedException {
        if (BROWSER_ROLES.stream().noneMatch(r -> ctx.target().client(r).isPresent())) {
            throw org.hitcert.checks.Checks.noClient("public", "a client for browser flows");
        }
        Optional<ClientSpec> never = browserClients(ctx.target().clients())
                .filter(c -> claimOf(c, ctx.target().claims(), 0) == org.hitcert.model.Candidate.NEVER).findFirst();
        if (never.isPresent()) {
            throw fail("the candidate file states that the authorization codes of client " + never.get().clientId()
                    + " never expire (claims: " + CLAIM + ": none); RFC 6749 §4.1.2: a code MUST expire shortly after it "
                    + "is issued (a lifetime of at most 10 minutes is RECOMMENDED)");
        }
        Map.Entry<ClientSpec, Long> pick = shortestClaim(ctx.target().clients(), ctx.target().claims(),
                ctx.params().integer(ASSUME)).orElseThrow(() -> Inconclusive.notAssessed("claims: " + CLAIM + " (the "
                        + "lifetime of the candidate's authorization codes; the suite assumes none)", "claims: { " + CLAIM
                        + ": N } with N the seconds its codes live (RFC 6749 §4.1.2 recommends at most 600), or "
                        + CLAIM + "-<role> for one client"));
        ClientSpec client = pick.getKey();
        long lifetime = pick.getValue();
        boolean claimed = ctx.target().claims().containsKey(CLAIM) || ctx.target().claims().containsKey(CLAIM + "-" + client.role());
        long wait = lifetime + ctx.params().integer(MARGIN);
        long ceiling = Math.min(ctx.params().integer(CEILING), ctx.maxWait().toSeconds());
        if (wait > ceiling) {
            throw new Inconclusive("codes of client " + client.clientId() + " are " + (claimed ? "claimed" : "assumed (the plan's "
                    + "assume-seconds)") + " to live " + lifetime + " s; waiting that plus the margin (" + wait
                    + " s) exceeds the ceiling of " + ceiling + " s (the plan's ceiling-seconds, or the run's --max-wait)");
        }
        if (lifetime > ASSUMED) {
            ctx.note("claimed code lifetime", lifetime + " s is above the 10 minutes RFC 6749 §4.1.2 recommends");
        }
        Authorization a = ctx.flow().authorize(client, org.hitcert.checks.Checks.user(ctx.target(), "default"), Map.of());
        if (!a.redirected() || a.param("code").isEmpty()) {
            throw new Inconclusive("a valid authorization request for " + client.clientId() + " gave no code (" + a.landedAt() + ")");
        }
        ctx.pause(java.time.Duration.ofSeconds(wait));
        HttpExchange x = ctx.flow().redeem(client, a.param("code").get(), a.redirectUri(), a.pkce().verifier());
        if (Codes.released(x)) {
            throw fail("a code of client " + client.clientId() + " redeemed " + wait + " s after it was issued (" + x.summary()
                    + ", an access token); the candidate " + (claimed ? "claims" : "is assumed to have") + " a code lifetime of "
                    + lifetime + " s (RFC 6749 §4.1.2: codes expire shortly after issue)");
        }
        ctx.pass("a code of client " + client.clientId() + " was refused " + wait + " s after issue (" + Codes.outcome(x)
                + "), past its " + (claimed ? "claimed" : "assumed") + " lifetime of " + lifetime + " s");
    }
}
