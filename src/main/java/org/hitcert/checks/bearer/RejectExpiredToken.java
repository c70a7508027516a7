package org.hitcert.checks.bearer;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.ParamSpec;
import org.hitcert.support.HttpExchange;

/**
 * RFC 6750 §3.1 ({@code invalid_token}: expired) and SMART App Launch: an access token past its lifetime is refused.
 * The check waits out the token's {@code expires_in}; a server may tolerate clock skew, so a token still served just
 * after expiry is retried until {@code skew-seconds} have passed. Waits are bounded by {@code max-wait-seconds}. The
 * {@code short-lived} client (when the candidate has one) is used, so that the wait stays short.
 */
public final class RejectExpiredToken implements Check {

    private static final ParamSpec SKEW = new ParamSpec("skew-seconds", ParamSpec.Type.INTEGER, 60,
            "clock skew the server may allow past expiry");
    private static final ParamSpec CEILING = new ParamSpec("max-wait-seconds", ParamSpec.Type.INTEGER, 75,
            "the longest the check waits for a token to expire; longer lifetimes end INCONCLUSIVE");

    @Override
    public CheckInfo info() {
        return new CheckInfo("bearer.expired-token.refused",
                "An access token past its expires_in (plus allowed skew) gets no data",
                List.of("expired-token-accepted"), List.of(SKEW, CEILING), true).takesLong().sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) throws InterruptedException {
        URI base = FhirResources.fhirBase(ctx);
        int skew = (int) ctx.params().integer(SKEW);
        int ceiling = (int) ctx.params().integer(CEILING);
        ClientSpec client = ctx.target().client("short-lived").orElseGet(() -> Fhir.browserClient(ctx));
        JsonNode tokens = Fhir.tokensFor(ctx, client, Fhir.user(ctx, "default"), null);
        long issued = System.nanoTime();
        long expiresIn = tokens.path("expires_in").asLong(-1);
        if (expiresIn < 0) {
            throw new Inconclusive("the token response of client " + client.clientId() + " states no expires_in");
        }
        if (expiresIn + 2 > ceiling) {
            throw new Inconclusive("the token of client " + client.clientId() + " lives " + expiresIn + " s, longer than the "
                    + ceiling + " s the check may wait (max-wait-seconds); give the candidate a short-lived client");
        }
        String token = tokens.path("access_token").asText();
        URI resource = FhirResources.protectedResource(ctx, base, tokens);
        Fhir.baseline(ctx, resource, token, "the fresh token");
        long deadline = issued + (Math.min(expiresIn + skew, ceiling)) * 1_000_000_000L;
        long next = issued + (expiresIn + 2) * 1_000_000_000L;
        HttpExchange x = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                ctx.pause(java.time.Duration.ofNanos(sleep));
            }
            x = Fhir.get(ctx, resource, token);
            long after = (System.nanoTime() - issued) / 1_000_000_000L - expiresIn;
            if (!Fhir.ok(x)) {
                ctx.pass(x.status() + " for the token " + after + " s after its expires_in of " + expiresIn + " s");
                return;
            }
            if (next >= deadline) {
                break;
            }
            next = Math.min(deadline, next + 5_000_000_000L);
        }
        long after = (System.nanoTime() - issued) / 1_000_000_000L - expiresIn;
        if (expiresIn + skew > ceiling) {
            throw new Inconclusive("the token was still served " + after + " s after expiry, within the allowed skew of " + skew
                    + " s, and the check may not wait longer (max-wait-seconds " + ceiling + ")");
        }
        throw fail("the access token was still served " + after + " s after its expires_in of " + expiresIn + " s ("
                + x.summary() + "); expected 401 invalid_token once expired, allowing " + skew + " s of skew (RFC 6750 §3.1)");
    }
}
