package org.hitcert.checks.code;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;

/**
 * RFC 6749 §4.1.2 and §10.5, RFC 9700 §4.2.4: a code redeems once; a second redemption is refused (MUST). That the
 * tokens of the first redemption are then revoked is a SHOULD, reported as a note, seen through the FHIR API.
 */
public final class RedeemCodeOnce implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.code.single-use",
                "A code redeems once; a second redemption is refused",
                List.of("code-reusable"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = Codes.browserClient(ctx);
        Authorization a = Codes.fresh(ctx, client);
        String code = a.param("code").get();
        HttpExchange first = ctx.flow().redeem(client, code, a.redirectUri(), a.pkce().verifier());
        if (!Codes.released(first)) {
            throw new Inconclusive("the first redemption of a fresh code was refused (" + first.summary() + "), so a replay "
                    + "cannot be told apart");
        }
        HttpExchange second = ctx.flow().redeem(client, code, a.redirectUri(), a.pkce().verifier());
        if (Codes.released(second)) {
            throw fail("the same code redeemed twice: the second request got " + second.summary() + " with an access token, "
                    + "expected invalid_grant (RFC 6749 §4.1.2: a code MUST NOT be used more than once)");
        }
        String revoked = revocation(ctx, first.json().orElseThrow());
        ctx.pass("the replayed code was refused (" + Codes.outcome(second) + ")" + revoked);
    }

    /** RFC 6749 §4.1.2 SHOULD: the first access token stops working; a note either way. */
    private static String revocation(CheckContext ctx, JsonNode tokens) {
        if (ctx.target().fhirBase().isEmpty()) {
            return "";
        }
        URI probe = URI.create(ctx.target().fhirBase().get() + "/Patient");
        if (tokens.hasNonNull("patient")) {
            probe = URI.create(ctx.target().fhirBase().get() + "/Patient/" + tokens.get("patient").asText());
        }
        HttpExchange x = ctx.http().get(probe, "Authorization", "Bearer " + tokens.get("access_token").asText(),
                "Accept", "application/fhir+json");
        String text = x.status() == 401 || x.status() == 403
                ? "the first access token was revoked after the replay (" + x.status() + " at " + probe + ")"
                : "the first access token still works after the replay (" + x.status() + " at " + probe
                        + "); RFC 6749 §4.1.2 says it SHOULD be revoked";
        ctx.note("tokens of the first redemption", text);
        return "; " + text;
    }
}
