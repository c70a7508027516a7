package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.Poll;
import org.hitcert.checks.clientauth.TokenAnswer;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.ParamSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.HttpExchange;

/**
 * RFC 6749 §4.1.2, RFC 9700 §4.2.4: when a code is used more than once, the server denies the request (MUST, which
 * token.code.single-use decides) and SHOULD revoke the tokens already issued from that code: the threat response a
 * tester can observe from outside. A fresh code is redeemed, its access token is shown to work (FHIR API, else
 * introspection, else userinfo), the code is replayed, and within {@code propagation-seconds} the access token must
 * stop working; a refresh token issued with it must no longer refresh. A replay that is not refused is INCONCLUSIVE
 * here (nothing was detected that could be responded to).
 */
public final class RevokeTokensOnCodeReplay implements Check {

    static final ParamSpec PROPAGATION = new ParamSpec("propagation-seconds", ParamSpec.Type.INTEGER, 5,
            "how long after the refused replay the first access token may still work (a cache); the check polls once a second");

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.code.replay-revokes",
                "A replayed code revokes the tokens issued from it",
                List.of("code-replay-keeps-tokens"), List.of(PROPAGATION), true);
    }

    @Override
    public void run(CheckContext ctx) throws InterruptedException {
        TokenCalls calls = new TokenCalls(ctx);
        ClientSpec client = org.hitcert.checks.Checks.browserClient(ctx.target());
        Authorization a = calls.authorize(client, Map.of());
        String code = a.param("code").orElseThrow();
        HttpExchange first = ctx.flow().redeem(client, code, a.redirectUri(), a.pkce().verifier());
        JsonNode tokens = first.json().filter(j -> TokenAnswer.of(first).tokenIssued()).orElseThrow(() -> new Inconclusive(
                "the first redemption of a fresh code gave no access token (" + first.summary() + ")"));
        String at = tokens.get("access_token").asText();
        Optional<String> rt = Optional.ofNullable(TokenCalls.text(tokens, "refresh_token"));
        TokenCalls.Use before = calls.use(at, tokens).orElseThrow(() -> new Inconclusive("neither the FHIR API, "
                + "introspection nor userinfo tells whether an access token works, so its revocation cannot be observed"));
        if (!before.alive()) {
            throw new Inconclusive("the fresh access token did not work before the replay (" + before.seen()
                    + "), so its refusal afterwards would prove nothing");
        }
        TokenAnswer replay = TokenAnswer.of(ctx.flow().redeem(client, code, a.redirectUri(), a.pkce().verifier()));
        if (replay.tokenIssued()) {
            throw new Inconclusive("the replayed code was not refused (" + replay.describe() + "): token.code.single-use "
                    + "fails that; with no replay detected there is nothing to revoke on");
        }
        long window = Math.max(0, Math.min(ctx.params().integer(PROPAGATION), Poll.MAX_SECONDS));
        Poll.Result<Optional<TokenCalls.Use>> after = Poll.onceASecond(window, () -> calls.use(at, tokens),
                u -> u.isPresent() && !u.get().alive());
        Optional<TokenAnswer> refreshed = rt.map(r -> TokenAnswer.of(calls.refresh(client, r)));
        ctx.pass(decide(replay, after, window, refreshed));
    }

    /** The verdict once the replay was refused: the reason for a PASS, else FAIL or INCONCLUSIVE. */
    static String decide(TokenAnswer replay, Poll.Result<Optional<TokenCalls.Use>> after, long window,
                         Optional<TokenAnswer> refreshed) {
        Optional<TokenCalls.Use> last = after.last();
        List<String> problems = new ArrayList<>();
        if (last.isPresent() && last.get().alive()) {
            problems.add("the first access token still works " + window + " s after the replay (" + last.get().seen() + ")");
        }
        if (refreshed.isPresent() && refreshed.get().tokenIssued()) {
            problems.add("the first refresh token still refreshes (" + refreshed.get().describe() + ")");
        }
        if (!problems.isEmpty()) {
            throw fail("the replayed code was refused (" + replay.describe() + "), but " + String.join("; ", problems)
                    + "; expected the tokens issued from that code revoked (RFC 6749 §4.1.2, RFC 9700 §4.2.4: SHOULD "
                    + "revoke all tokens previously issued based on a code used more than once)");
        }
        if (last.isEmpty()) {
            throw new Inconclusive("the replayed code was refused (" + replay.describe() + "), but afterwards neither the "
                    + "FHIR API, introspection nor userinfo told whether the first access token still works");
        }
        return "the replayed code was refused (" + replay.describe() + "); the first access token stopped working "
                + after.elapsedMillis() + " ms later (" + last.get().seen() + "; allowed: " + window + " s); "
                + refreshed.map(r -> "its refresh token → " + r.describe()).orElse("no refresh token was issued");
    }
}
