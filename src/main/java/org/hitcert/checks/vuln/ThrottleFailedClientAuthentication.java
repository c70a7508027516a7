package org.hitcert.checks.vuln;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Checks;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.NotApplicable;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.ParamSpec;
import org.hitcert.checks.token.TwinRequest;
import org.hitcert.checks.token.WrongSecretTrial;
import org.hitcert.support.HttpExchange;

/**
 * RFC 6749 §2.3.1 (password-based client authentication: the server MUST protect the endpoint against brute
 * force) and RFC 6819 §4.3.5: a burst of token requests with a wrong client_secret, bounded by the plan's
 * {@code burst}, must meet throttling: a 429 or 503, a Retry-After, a growing delay (tar-pit), or a lockout
 * that then refuses the right secret too. FAIL when every attempt is answered promptly and the right secret
 * still works afterwards. The wrong secret goes in a token request that the registered credential is answered otherwise
 * to ({@link WrongSecretTrial}), so that each refusal is a failed authentication. After throttling is seen, waits (bounded) for the Retry-After when another check of the run
 * has yet to end, so that it is not disturbed; the check runs alone, and last, so usually none has.
 */
public final class ThrottleFailedClientAuthentication implements Check {

    static final ParamSpec BURST = new ParamSpec("burst", ParamSpec.Type.INTEGER, 30,
            "the most failed authentications sent (1 to 200); the suite never exceeds it");
    private static final Duration TAR_PIT = Duration.ofMillis(1500);
    private static final long MAX_RECOVERY_SECONDS = 10;

    @Override
    public CheckInfo info() {
        return new CheckInfo("vuln.client-auth.throttled",
                "Repeated failed client authentication at the token endpoint is throttled",
                List.of("no-throttling"), List.of(BURST), false).alone(); // it locks a client out and reads timings
    }

    @Override
    public void run(CheckContext ctx) throws Exception {
        var target = ctx.target();
        URI token = target.endpoint("token").orElseThrow(() -> new Inconclusive("the candidate states no token endpoint"));
        Optional<ClientSpec> client = target.clients().stream()
                .filter(c -> c.authMethod().equals("client_secret_basic")).findFirst();
        if (client.isEmpty()) {
            boolean advertised = target.discovery().map(d -> Checks.arrayContains(d, "token_endpoint_auth_methods_supported",
                    "client_secret_basic")).orElse(true);
            if (!advertised) {
                throw new NotApplicable("the candidate's metadata lists no client_secret_basic among "
                        + "token_endpoint_auth_methods_supported: no password-based client authentication to throttle");
            }
            throw org.hitcert.checks.Checks.noClient("confidential", "a client_secret_basic client to try wrong secrets with");
        }
        long burst = Math.max(1, Math.min(200, ctx.params().integer(BURST)));
        String clientId = client.get().clientId();
        // the burst's refusals count as failed authentications only if the registered credential is answered otherwise
        WrongSecretTrial.Trial trial = WrongSecretTrial.find(ctx, client.get());
        List<Long> millis = new ArrayList<>();
        HttpExchange last = trial.wrong();
        millis.add(last.elapsed().toMillis());
        Optional<String> throttled = throttling(last, millis, 1);
        for (int i = 2; i <= burst && throttled.isEmpty(); i++) {
            last = ctx.http().acceptingThrottles().send(trial.wrongRequest(token));
            millis.add(last.elapsed().toMillis());
            throttled = throttling(last, millis, i);
        }
        if (throttled.isPresent()) {
            waitOut(ctx, last);
            ctx.pass(throttled.get());
            return;
        }
        // no sign of throttling: is the client locked out (the registered credential now answered as the wrong one)?
        HttpExchange right = trial.sendRight(ctx, client.get());
        String rightNow = TwinRequest.Answer.of(right).describe();
        // locked out: the same request with the registered credential is now answered otherwise than before the burst,
        // as the wrong secret was or as a refusal (a 403 both before and after is the request's own answer, not a lockout)
        boolean changed = !rightNow.equals(TwinRequest.Answer.of(trial.right()).describe());
        if (changed && (rightNow.equals(TwinRequest.Answer.of(last).describe()) || right.status() == 401
                || right.status() == 403 || right.status() == 429 || right.status() == 503)) {
            waitOut(ctx, right);
            ctx.pass("after " + burst + " wrong secrets the registered credential was refused too (" + rightNow
                    + "; before the burst: " + TwinRequest.Answer.of(trial.right()).describe() + "): the client is locked out");
            return;
        }
        throw fail(burst + " token requests with a wrong client_secret for " + clientId + " were all answered promptly ("
                + TwinRequest.Answer.of(last).describe() + ", slowest " + millis.stream().mapToLong(Long::longValue).max().orElse(0)
                + " ms) and the registered credential was answered afterwards as before the burst (" + rightNow + ", "
                + trial.shape() + "): no throttling, delay or lockout; expected protection against brute force of the client "
                + "secret (RFC 6749 §2.3.1, RFC 6819 §4.3.5)");
    }

    /** A sign of throttling in attempt {@code n}, or empty. */
    static Optional<String> throttling(HttpExchange x, List<Long> millis, int n) {
        if (x.status() == 429 || x.status() == 503) {
            return Optional.of("attempt " + n + " with a wrong secret was answered " + x.status()
                    + x.header("Retry-After").map(r -> " with Retry-After: " + r).orElse(""));
        }
        if (x.header("Retry-After").isPresent()) {
            return Optional.of("attempt " + n + " carried Retry-After: " + x.header("Retry-After").get());
        }
        // a tar-pit delays every answer from some attempt on; one slow answer is noise (a busy machine, a GC pause)
        if (millis.size() >= 6) {
            long first = millis.subList(0, 3).stream().mapToLong(Long::longValue).min().orElse(0);
            long lastThree = millis.subList(millis.size() - 3, millis.size()).stream().mapToLong(Long::longValue).min().orElse(0);
            if (lastThree - first >= TAR_PIT.toMillis()) {
                return Optional.of("attempts " + (n - 2) + " to " + n + " were each delayed to at least " + lastThree
                        + " ms (first attempts " + first + " ms): a tar-pit");
            }
        }
        return Optional.empty();
    }

    /** Lets the candidate recover (Retry-After, bounded) when another check has yet to run; else says it did not. */
    private static void waitOut(CheckContext ctx, HttpExchange x) throws InterruptedException {
        long seconds = 3;
        try {
            seconds = Long.parseLong(x.header("Retry-After").orElse("3").trim());
        } catch (NumberFormatException ignored) {
            // an HTTP-date Retry-After: wait the default
        }
        long wait = Math.min(MAX_RECOVERY_SECONDS, Math.max(0, seconds));
        if (!ctx.checksFollow()) {
            ctx.note("recovery not awaited", "no other check of this run was left to run, so the suite did not wait for"
                    + " the throttling to end: client authentication may stay refused for up to " + wait + " s after the run");
            return;
        }
        Thread.sleep(wait * 1000 + 200); // it runs alone: no other check runs meanwhile
    }
}
