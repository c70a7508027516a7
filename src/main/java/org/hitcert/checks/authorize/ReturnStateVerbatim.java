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
import org.hitcert.support.AuthorizationEnding;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.CodeFlow.Refusal;
import org.hitcert.support.Pkce;

/**
 * RFC 6749 §4.1.2 and §4.1.2.1: the client's state comes back exactly as sent, on a successful response and on an
 * error response. The state is 128 random bits plus characters that need percent-encoding.
 */
public final class ReturnStateVerbatim implements Check {

    static final String RESERVED = " &=+#%/?:;,@!$'()*~";

    @Override
    public CheckInfo info() {
        return new CheckInfo("authorize.state.verbatim",
                "state with reserved characters comes back verbatim on success and error responses",
                List.of("state-dropped", "state-encoded-500"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Clients.browserClient(ctx.target());
        String state = Pkce.random(16) + RESERVED;
        // a valid request (RFC 6749 §4.1.1: state is any VSCHAR): a server error or a recognised refusal of it FAILs
        Refusal r = ctx.flow().refusalOf(client, Clients.defaultUser(ctx.target()), Map.of("state", state),
                "state with '" + RESERVED + "'");
        Authorization ok = r.authorization();
        if (ok.ending().kind() == AuthorizationEnding.Kind.SERVER_ERROR) {
            throw fail("a valid authorization request whose state holds '" + RESERVED + "' was answered with a server error: "
                    + ok.ending().detail() + " (RFC 6749 §4.1.1, §4.1.2: state is any VSCHAR, returned exactly)");
        }
        if (r.refused() && ok.ending().kind() != AuthorizationEnding.Kind.ERROR_REDIRECT) {
            throw fail("a valid authorization request whose state holds '" + RESERVED + "' was refused: " + r.reason()
                    + " (RFC 6749 §4.1.1: state is any VSCHAR)");
        }
        if (r.inconclusive()) {
            throw new Inconclusive(r.reason());
        }
        compare(ok, state, ok.param("error").isPresent() ? "the response (" + ErrorPath.describe(ok) + ")" : "the successful response");
        String errorState = Pkce.random(16) + RESERVED;
        Optional<Authorization> error = ErrorPath.errorResponse(ctx, client, errorState);
        if (error.isEmpty()) {
            throw new Inconclusive("state came back verbatim on success, but no request produced an error redirect to test the "
                    + "error path (unknown response_type and unknown scope were tried)");
        }
        compare(error.get(), errorState, "the error response (" + ErrorPath.describe(error.get()) + ")");
        ctx.pass("state of 128 random bits plus '" + RESERVED + "' came back verbatim on the successful response and on "
                + ErrorPath.describe(error.get()));
    }

    static void compare(Authorization a, String sent, String which) {
        String got = a.param("state").orElseThrow(() -> fail(which + " dropped state: sent '" + sent
                + "', the redirect to " + a.redirectUri() + " carried none (RFC 6749 §4.1.2, §4.1.2.1: REQUIRED if sent)"));
        if (!got.equals(sent)) {
            throw fail(which + " altered state: sent '" + sent + "', received '" + got + "' (RFC 6749 §4.1.2: the exact value)");
        }
    }
}
