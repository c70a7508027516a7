package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.clientauth.TokenAnswer;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;

/**
 * RFC 7009 §2.1: when a refresh token is revoked, the server SHOULD also invalidate the access tokens of the same grant.
 * A fresh public-client grant's refresh token is revoked; its sibling access token is then introspected and presented at
 * the FHIR API. (That the refresh token itself dies is token.revocation.refresh-token's MUST.) Graded SHOULD.
 */
public final class RevokeRefreshTokenWithItsAccessTokens implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.revocation.cascade", "Revoking a refresh token kills its grant's access tokens",
                List.of("revocation-not-propagated", "revocation-ignored"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        calls.endpoint("revocation", "revocation_endpoint");
        TokenCalls.RefreshGrant g = calls.refreshGrant();
        ClientSpec client = g.client();
        JsonNode t = g.tokens();
        String at = t.get("access_token").asText();
        String rt = t.get("refresh_token").asText();
        HttpExchange before = calls.fhirRead(at, t);
        HttpExchange revoke = calls.revoke(client, rt, "token_type_hint", "refresh_token");
        if (revoke.status() != 200) {
            throw fail("revoking the refresh token answered " + revoke.summary() + "; expected 200 (RFC 7009 §2.2)");
        }
        List<String> problems = new ArrayList<>();
        TokenAnswer refreshed = TokenAnswer.of(calls.refresh(client, rt));
        if (refreshed.tokenIssued()) {
            ctx.note("refresh token", "the revoked refresh token still refreshed (" + refreshed.describe()
                    + "): token.revocation.refresh-token decides that");
        }
        HttpExchange after = calls.fhirRead(at, t);
        Optional<Boolean> active = ctx.target().endpoint("introspection").isPresent() ? calls.active(at) : Optional.empty();
        if (before.status() == 200 && (after.status() == 200 || after.status() == 401)) {
            // the FHIR API decides: that is where the token is used; introspection is reported beside it
            if (after.status() == 200) {
                problems.add("the sibling access token still reads " + after.request().uri() + " at the FHIR API (200)");
            }
            active.filter(a -> a).ifPresent(a -> ctx.note("introspection", "introspection still reports the sibling access "
                    + "token active:true (token.introspection.inactive judges introspection)"));
        } else if (active.orElse(false)) {
            problems.add("introspection still reports the sibling access token active:true (the FHIR API answered "
                    + before.status() + " before, so it cannot decide)");
        } else if (active.isEmpty()) {
            throw new org.hitcert.checks.Inconclusive("neither the FHIR API (" + before.status() + " before revocation) nor "
                    + "introspection tells whether the sibling access token still works");
        }
        if (!problems.isEmpty()) {
            throw fail("after revoking a refresh token: " + String.join("; ", problems) + "; expected the grant's access tokens "
                    + "invalidated too (RFC 7009 §2.1 SHOULD)");
        }
        ctx.pass(g.whose() + "'s revoked refresh token → " + refreshed.describe() + "; sibling access token: introspection "
                + active.map(a -> "active=" + a).orElse("not available") + ", FHIR " + before.status() + " before, "
                + after.status() + " after");
    }
}
