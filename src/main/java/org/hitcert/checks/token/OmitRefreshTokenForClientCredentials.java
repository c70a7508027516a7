package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;

/** RFC 6749 §4.4.3 (SHOULD NOT), SMART Backend Services, HEART: a client_credentials response carries no refresh token. */
public final class OmitRefreshTokenForClientCredentials implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.client-credentials.no-refresh", "client_credentials responses carry no refresh token",
                List.of("cc-refresh-issued"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        JsonNode t = new TokenCalls(ctx).backendTokens();
        if (t.hasNonNull("refresh_token")) {
            throw fail("the client_credentials response carries a refresh_token; expected none (RFC 6749 §4.4.3, SMART Backend Services)");
        }
        ctx.pass("the client_credentials response (members " + names(t) + ") has no refresh_token");
    }

    static List<String> names(JsonNode t) {
        List<String> out = new java.util.ArrayList<>();
        t.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
