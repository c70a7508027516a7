package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;

/**
 * RFC 7009 §2.1: token_type_hint is a hint; when the token is not of the hinted type, the server must extend its search
 * to all types; an unknown hint value may be answered unsupported_token_type or ignored. A backend access token revoked
 * with token_type_hint=refresh_token must be dead afterwards; one revoked with an unknown hint value must be dead too or
 * the answer must be unsupported_token_type.
 */
public final class SearchAllTypesOnRevocation implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.revocation.hint", "A wrong or unknown token_type_hint does not stop revocation",
                List.of("revocation-trusts-hint"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        calls.endpoint("revocation", "revocation_endpoint");
        ClientSpec backend = calls.backend();
        // positive control: revoked with the right hint, a token must stop working where the suite looks; otherwise a
        // token alive after a wrong hint shows nothing about hints (the API may ignore revocation altogether)
        String control = live(calls, backend, calls.backendTokens().get("access_token").asText());
        HttpExchange right = calls.revoke(backend, control, "token_type_hint", "access_token");
        if (stillWorks(calls, backend, control)) {
            throw new Inconclusive("an access token revoked with the right token_type_hint=access_token (answer "
                    + right.status() + ") still works too, so a token alive after a wrong hint would not show the hint "
                    + "was trusted; bearer.revoked-token.refused judges revocation itself");
        }
        String at = live(calls, backend, calls.backendTokens().get("access_token").asText());
        HttpExchange wrong = calls.revoke(backend, at, "token_type_hint", "refresh_token");
        if (stillWorks(calls, backend, at)) {
            throw fail("an access token revoked with token_type_hint=refresh_token (answer " + wrong.status()
                    + ") still works; expected the server to search all token types (RFC 7009 §2.1)");
        }
        String at2 = live(calls, backend, calls.backendTokens().get("access_token").asText());
        HttpExchange unknown = calls.revoke(backend, at2, "token_type_hint", "urn:hitcert:unknown-type");
        boolean unsupported = unknown.status() == 400 && unknown.json().map(j -> j.path("error").asText()).orElse("")
                .equals("unsupported_token_type");
        if (!unsupported && stillWorks(calls, backend, at2)) {
            throw fail("an access token revoked with an unknown token_type_hint answered " + unknown.status()
                    + " and still works; expected it revoked, or unsupported_token_type (RFC 7009 §2.1, §2.2.1)");
        }
        ctx.pass("right hint → " + right.status() + " and the token is dead; wrong hint → " + wrong.status() + " and the token is dead; unknown hint → " + unknown.status()
                + (unsupported ? " unsupported_token_type" : " and the token is dead"));
    }

    /** Whether the backend's token still works, asked where its own client may ask (RFC 7662 §2.2). */
    private static boolean stillWorks(TokenCalls calls, ClientSpec backend, String at) {
        return calls.usable(at, null, backend).orElseThrow(() -> new Inconclusive(
                "neither the FHIR API, introspection by the token's own client nor userinfo tells whether the token still works"));
    }

    /** The positive control of each revocation: the token works before it (else its death afterwards proves nothing). */
    private static String live(TokenCalls calls, ClientSpec backend, String at) {
        if (!stillWorks(calls, backend, at)) {
            throw new Inconclusive("a fresh access token of " + backend.clientId() + " did not work before any revocation, so "
                    + "its refusal afterwards would show nothing about hints");
        }
        return at;
    }
}
