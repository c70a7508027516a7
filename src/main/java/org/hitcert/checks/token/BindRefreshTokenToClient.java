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
 * presented with no credential (client_id only) and with a wrong one (a confidential client's), and by another registered
 * client, whose own refresh token must refresh (its refusal is then not that client's failed authentication). Each
 * variant is sent right after its positive control, the owner's own refresh of the same token with its registered
 * credential, succeeded ({@link LiveRefreshToken}), so a refusal cannot be a token that was already dead.
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
        LiveRefreshToken live = new LiveRefreshToken(ctx, calls, owner);
        List<String> seen = new ArrayList<>();
        if (!owner.isPublic()) {
            seen.add(credentialHalf(ctx, calls, owner.client(), live));
        }
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
        String presented = live.next();
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
        seen.add(live.summary());
        ctx.pass(String.join("; ", seen));
    }

    /** A confidential client's refresh token with no credential, then with a wrong one, each refused right after its control. */
    private static String credentialHalf(CheckContext ctx, TokenCalls calls, ClientSpec client, LiveRefreshToken live) {
        Map<String, HttpExchange> refused = new LinkedHashMap<>();
        String token = live.next();
        refused.put("no credential (client_id only)", ctx.http().send(HttpRequestSpec.postForm(calls.token(), "grant_type",
                "refresh_token", "refresh_token", token, "client_id", client.clientId())));
        refuse(client, refused);
        token = live.next();
        String wrongSecret = "hitcert-wrong-" + Pkce.random(12);
        refused.put("a wrong client secret", ctx.http().send(client.authMethod().equals("client_secret_post")
                ? HttpRequestSpec.postForm(calls.token(), "grant_type", "refresh_token", "refresh_token", token,
                        "client_id", client.clientId(), "client_secret", wrongSecret)
                : HttpRequestSpec.postForm(calls.token(), "grant_type", "refresh_token", "refresh_token", token)
                        .withHeader("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((form(client.clientId())
                                + ":" + form(wrongSecret)).getBytes(StandardCharsets.UTF_8)))));
        refuse(client, refused);
        return TwinRequest.prove(ctx, "the same refresh with " + client.clientId() + "'s registered credential, just before",
                live.lastControl(), refused);
    }

    /** FAIL when the last variant sent released a token. */
    private static void refuse(ClientSpec client, Map<String, HttpExchange> sent) {
        Map.Entry<String, HttpExchange> last = null;
        for (Map.Entry<String, HttpExchange> e : sent.entrySet()) {
            last = e;
        }
        TokenAnswer t = TokenAnswer.of(last.getValue());
        if (t.tokenIssued()) {
            throw fail("the confidential client " + client.clientId() + "'s refresh token refreshed with " + last.getKey() + " ("
                    + t.describe() + "); expected invalid_client (RFC 6749 §6: the client MUST authenticate)");
        }
    }

    private static String form(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
