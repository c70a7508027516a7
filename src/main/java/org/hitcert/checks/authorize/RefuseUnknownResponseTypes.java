package org.hitcert.checks.authorize;

import static org.hitcert.checks.Checks.fail;

import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.CodeFlow.Refusal;

/**
 * RFC 6749 §3.1.1 and §4.1.2.1: a response_type the server does not understand MUST be answered with an error
 * (unsupported_response_type); it is never served as if it were {@code code}.
 */
public final class RefuseUnknownResponseTypes implements Check {

    static final String UNKNOWN = "hitcert_unknown_type";

    @Override
    public CheckInfo info() {
        return new CheckInfo("authorize.response-type.unknown-refused",
                "An unknown response_type is refused, never served as code",
                List.of("response-type-ignored"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Clients.browserClient(ctx.target());
        Refusal r = ctx.flow().refusalOf(client, Clients.defaultUser(ctx.target()), Map.of("response_type", UNKNOWN),
                "response_type=" + UNKNOWN);
        if (r.granted()) {
            Authorization a = r.authorization();
            throw fail("response_type=" + UNKNOWN + " was answered with " + (a.param("code").isPresent() ? "a code" : "a token")
                    + ", expected error=unsupported_response_type (RFC 6749 §3.1.1: MUST return an error)");
        }
        if (r.inconclusive()) {
            throw new Inconclusive(r.reason());
        }
        ctx.pass("refused: " + r.reason() + r.error().filter(e -> !e.equals("unsupported_response_type"))
                .map(e -> " (RFC 6749 §4.1.2.1 names unsupported_response_type)").orElse(""));
    }
}
