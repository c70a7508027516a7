package org.hitcert.checks.token;

import java.util.ArrayList;
import java.util.List;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.Inconclusive;
import org.hitcert.checks.clientauth.TokenAnswer;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;

/**
 * DESIGN rule 8 for refresh-token variants: right before each variant is sent, the owner's own refresh of the same token
 * with its registered credential must succeed (the positive control), and the variant carries the token that control
 * returned (the rotated one, where the server rotates). A server may end a grant once a refresh with its token is refused
 * (Glewlwyd 2.7 revokes a refresh token presented without its client's credential: whoever does may have stolen it), so
 * a control refused after an earlier variant takes one fresh grant and is tried again; a control refused on a fresh grant
 * is INCONCLUSIVE, since a refusal of any variant could then be a refresh that never works.
 */
final class LiveRefreshToken {

    private final CheckContext ctx;
    private final TokenCalls calls;
    private final ClientSpec client;
    private final String whose;
    private String token;
    private boolean fresh = true;
    private HttpExchange lastControl;
    private int controls;
    private final List<String> ended = new ArrayList<>();

    LiveRefreshToken(CheckContext ctx, TokenCalls calls, TokenCalls.RefreshGrant grant) {
        this.ctx = ctx;
        this.calls = calls;
        this.client = grant.client();
        this.whose = grant.whose();
        this.token = grant.refreshToken();
    }

    /** The positive control, then the refresh token to send the next variant with. */
    String next() {
        HttpExchange control = calls.refresh(client, token);
        if (!TokenAnswer.of(control).tokenIssued() && !fresh) {
            ended.add(TwinRequest.Answer.of(control).describe());
            ctx.note("grant ended", "the owner's own refresh after a refused variant was refused ("
                    + TwinRequest.Answer.of(control).describe() + "): the server ended the grant; a fresh grant is taken");
            token = calls.refreshGrantOf(client).orElseThrow(() -> new Inconclusive(whose + "'s fresh code flow gave no refresh "
                    + "token, after the server ended its grant on a refused variant")).refreshToken();
            control = calls.refresh(client, token);
        }
        TokenAnswer answer = TokenAnswer.of(control);
        if (!answer.tokenIssued()) {
            throw new Inconclusive(whose + "'s own refresh of its refresh token with its registered credential was refused ("
                    + answer.describe() + "), so a refusal of the same token presented otherwise could have that cause");
        }
        lastControl = control;
        controls++;
        fresh = false;
        token = control.json().map(j -> TokenCalls.text(j, "refresh_token")).filter(t -> !t.isBlank()).orElse(token);
        return token;
    }

    /** The last positive control sent. */
    HttpExchange lastControl() {
        return lastControl;
    }

    /** For the reason: how many controls held, and whether the server ended the grant on a refused variant. */
    String summary() {
        return "each variant was sent right after " + whose + "'s own refresh with its credential succeeded (" + controls
                + " controls)" + (ended.isEmpty() ? "" : "; the server ended the grant after " + ended.size()
                        + " refused variants (its own refresh then → " + ended.get(0) + "), so each of those got a fresh grant");
    }
}
