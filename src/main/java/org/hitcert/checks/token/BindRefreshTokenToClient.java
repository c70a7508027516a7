package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.clientauth.TokenAnswer;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Pkce;

/**
 * RFC 6749 §6 and §10.4, SMART App Launch: a refresh token is bound to the client it was issued to, and a confidential
 * client authenticates to use it. A refresh token (a confidential client's where one gets them, else any client's) is
 * presented by another registered client, whose own refresh token must refresh (the twin: its refusal is not that
 * client's failed authentication); a confidential client's refresh token is also presented with no credential
 * (client_id only) and with a wrong one, before its twin, the same refresh with the right credential, succeeds.
 */
public final class BindRefreshTokenToClient implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.refresh.client-bound", "A refresh token works only for its own, authenticated client",
                List.of("refresh-not-client-bound", "refresh-credential-unchecked"), List.of(), true).sharesLogin().readsRefreshTokens();
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        Optional<ClientSpec> confidential = calls.confidentialCodeClient();
        TokenCalls.RefreshGrant owner = confidential.flatMap(calls::refreshGrantOf).orElseGet(calls::refreshGrant);
        ctx.note("refresh token", "taken from " + owner.whose());
        List<String> seen = new ArrayList<>();
        String refreshToken = owner.refreshToken();
        if (!owner.isPublic()) {
            String[] half = credentialHalf(ctx, calls, owner);
            seen.add(half[0]);
            refreshToken = half[1];
        }
        final String presented = refreshToken;
        // the other client: "second", else another code client that is not public; the first that gets refresh tokens itself
        List<ClientSpec> others = new ArrayList<>();
        ctx.target().client("second").filter(c -> !c.clientId().equals(owner.client().clientId())).ifPresent(others::add);
        calls.codeClients().stream().filter(c -> !c.authMethod().equals("none") && !c.clientId().equals(owner.client().clientId())
                && !others.contains(c)).forEach(others::add);
        if (others.isEmpty()) {
            throw Inconclusive.notAssessed("a 'second' client", "one, so that a refresh token can be presented by a client it "
                    + "was not issued to" + (seen.isEmpty() ? "" : ". The credential half held: " + seen.get(0)));
        }
        TokenCalls.RefreshGrant own = null;
        List<String> without = new ArrayList<>();
        for (ClientSpec c : others) {
            try {
                own = calls.refreshGrantOf(c).orElse(null);
            } catch (Inconclusive e) {
                // e.g. the reference's second client, whose codes live 3 s: a slow redemption finds them expired
                without.add(c.clientId() + ": " + e.getMessage());
                continue;
            }
            if (own != null) {
                break;
            }
            without.add(c.clientId());
        }
        if (own == null) {
            throw new Inconclusive("no other client got a refresh token of its own (" + String.join(", ", without) + "), so a "
                    + "refusal of " + owner.whose() + "'s refresh token could not be told from a client that cannot refresh at all");
        }
        ClientSpec other = own.client();
        HttpExchange foreign = calls.refresh(other, presented);
        TokenAnswer a = TokenAnswer.of(foreign);
        if (a.tokenIssued()) {
            throw fail(owner.whose() + "'s refresh token, presented by client " + other.clientId() + ", got "
                    + a.describe() + "; expected invalid_grant (RFC 6749 §6, §10.4)");
        }
        HttpExchange twin = calls.refresh(other, own.refreshToken());
        seen.add(TwinRequest.prove(ctx, "client " + other.clientId() + " refreshing its own refresh token", twin,
                Map.of("client " + other.clientId() + " presenting " + owner.whose() + "'s refresh token", foreign)));
        if (owner.isPublic()) {
            seen.add(confidential.isEmpty() ? "no confidential client in the candidate file, so no credential was tried"
                    : "the confidential client " + confidential.get().clientId() + " got no refresh token, so no credential was tried");
        }
        ctx.pass(String.join("; ", seen));
    }

    /**
     * A confidential client's refresh token with no credential and a wrong one (refused), then the right one (the twin):
     * the reason, and the refresh token to go on with (a rotated one, if the twin rotated it).
     */
    private static String[] credentialHalf(CheckContext ctx, TokenCalls calls, TokenCalls.RefreshGrant owner) {
        ClientSpec client = owner.client();
        Map<String, HttpExchange> refused = new LinkedHashMap<>();
        HttpExchange bare = ctx.http().send(HttpRequestSpec.postForm(calls.token(), "grant_type", "refresh_token",
                "refresh_token", owner.refreshToken(), "client_id", client.clientId()));
        String wrongSecret = "hitcert-wrong-" + Pkce.random(12);
        HttpExchange wrong = ctx.http().send(client.authMethod().equals("client_secret_post")
                ? HttpRequestSpec.postForm(calls.token(), "grant_type", "refresh_token", "refresh_token", owner.refreshToken(),
                        "client_id", client.clientId(), "client_secret", wrongSecret)
                : HttpRequestSpec.postForm(calls.token(), "grant_type", "refresh_token", "refresh_token", owner.refreshToken())
                        .withHeader("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((form(client.clientId())
                                + ":" + form(wrongSecret)).getBytes(StandardCharsets.UTF_8))));
        for (Map.Entry<String, HttpExchange> e : Map.of("no credential (client_id only)", bare, "a wrong client secret", wrong)
                .entrySet()) {
            TokenAnswer t = TokenAnswer.of(e.getValue());
            if (t.tokenIssued()) {
                throw fail("the confidential client " + client.clientId() + "'s refresh token refreshed with " + e.getKey() + " ("
                        + t.describe() + "); expected invalid_client (RFC 6749 §6: the client MUST authenticate)");
            }
        }
        refused.put("no credential (client_id only)", bare);
        refused.put("a wrong client secret", wrong);
        HttpExchange twin = calls.refresh(client, owner.refreshToken());
        String reason = TwinRequest.prove(ctx, "the same refresh with " + client.clientId() + "'s registered credential", twin,
                refused);
        return new String[] {reason, twin.json().map(j -> TokenCalls.text(j, "refresh_token")).orElse(owner.refreshToken())};
    }

    private static String form(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
