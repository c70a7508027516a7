package org.hitcert.checks.authorize;

import static org.hitcert.checks.Checks.fail;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.Pkce;

/**
 * RFC 9207 §2 (raised to a requirement by RFC 9700 §2.1 for mix-up defence): every authorization response, success
 * or error, carries iss, identical to the issuer of the server's metadata (§2.4).
 */
public final class SendIssInAuthorizationResponses implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("authorize.iss.present",
                "iss is on successful and error authorization responses and equals the issuer",
                List.of("iss-missing"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Clients.browserClient(ctx.target());
        String issuer = ctx.target().issuer().toString();
        Authorization ok = ctx.flow().authorize(client, Clients.defaultUser(ctx.target()), Map.of());
        if (!ok.redirected()) {
            throw new Inconclusive("the authorization request never came back to " + ok.redirectUri() + "; it stopped at "
                    + ok.landedAt() + ok.loginProblem().map(p -> " (" + p + ")").orElse(""));
        }
        compare(ok, issuer, "the successful response");
        Optional<Authorization> error = ErrorPath.errorResponse(ctx, client, Pkce.random(16));
        if (error.isEmpty()) {
            throw new Inconclusive("iss is right on the successful response, but no request produced an error redirect to test "
                    + "the error path (unknown response_type and unknown scope were tried)");
        }
        compare(error.get(), issuer, "the error response (" + ErrorPath.describe(error.get()) + ")");
        ctx.pass("iss=" + issuer + " on the successful response and on " + ErrorPath.describe(error.get()));
    }

    static void compare(Authorization a, String issuer, String which) {
        String iss = a.param("iss").orElseThrow(() -> fail(which + " carries no iss (RFC 9207 §2; required here by "
                + "RFC 9700 §2.1 against mix-up): expected iss=" + issuer));
        if (!iss.equals(issuer)) {
            throw fail(which + " carries iss '" + iss + "', the issuer is '" + issuer + "' (RFC 9207 §2.4: identical strings)");
        }
    }
}
