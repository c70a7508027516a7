package org.hitcert.checks.vuln;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Pkce;

/**
 * RFC 6749 §2.3.1 (password-based client authentication: the server MUST protect the endpoint against brute
 * force) and RFC 6819 §4.3.5: a burst of token requests with a wrong client_secret, bounded by the plan's
 * {@code burst}, must meet throttling: a 429 or 503, a Retry-After, a growing delay (tar-pit), or a lockout
 * that then refuses the right secret too. FAIL when every attempt is answered promptly and the right secret
 * still works afterwards. After throttling is seen, waits (bounded) for the Retry-After when another check of the run
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
        String wrong = "hitcert-wrong-secret-" + Pkce.random(6);
        String basic = "Basic " + Base64.getEncoder().encodeToString((enc(clientId) + ":" + enc(wrong)).getBytes(StandardCharsets.UTF_8));
        List<Long> millis = new ArrayList<>();
        Optional<String> throttled = Optional.empty();
        HttpExchange last = null;
        for (int i = 1; i <= burst && throttled.isEmpty(); i++) {
            last = ctx.http().send(HttpRequestSpec.postForm(token, "grant_type", "refresh_token",
                    "refresh_token", "hitcert-throttle-probe").withHeader("Authorization", basic));
            millis.add(last.elapsed().toMillis());
            throttled = throttling(last, millis, i);
        }
        if (throttled.isPresent()) {
            waitOut(ctx, last);
            ctx.pass(throttled.get());
            return;
        }
        // no sign of throttling: is the client locked out (the right secret refused too)?
        HttpExchange right = ctx.http().send(new org.hitcert.support.ClientAuth(System::getenv, new org.hitcert.support.Redactor())
                .tokenRequest(client.get(), token, "grant_type", "refresh_token", "refresh_token", "hitcert-throttle-probe"));
        if (right.status() == 401 || right.status() == 429 || right.status() == 403) {
            waitOut(ctx, right);
            ctx.pass("after " + burst + " wrong secrets the right secret was refused too (" + right.status()
                    + "): the client is locked out");
            return;
        }
        throw fail(burst + " token requests with a wrong client_secret for " + clientId + " were all answered promptly ("
                + last.status() + ", slowest " + millis.stream().mapToLong(Long::longValue).max().orElse(0) + " ms) and the right "
                + "secret still worked afterwards (" + right.status() + "): no throttling, delay or lockout; expected protection "
                + "against brute force of the client secret (RFC 6749 §2.3.1, RFC 6819 §4.3.5)");
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

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
