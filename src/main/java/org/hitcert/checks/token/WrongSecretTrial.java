package org.hitcert.checks.token;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.Inconclusive;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Pkce;

/**
 * DESIGN rule 8 for a wrong client secret sent through HTTP Basic: its refusal shows a failed client authentication only
 * when the same token request with the client's registered credential is answered otherwise (and not as a failed
 * authentication). A server may check the grant before the client (a made-up refresh token → 400 whoever asks), or refuse
 * a grant type the client may not use, alike for every secret. The request shapes below are tried in turn, a made-up
 * code, a made-up refresh token, client_credentials, and the first whose two answers differ is the trial; none: INCONCLUSIVE.
 */
public final class WrongSecretTrial {

    /** One request shape: its form, what the registered credential got, what a wrong secret got. */
    public record Trial(String shape, String[] form, HttpExchange right, HttpExchange wrong, String wrongBasic) {

        /** The same request with the wrong secret again. */
        public HttpRequestSpec wrongRequest(URI token) {
            return HttpRequestSpec.postForm(token, form).withHeader("Authorization", wrongBasic);
        }

        /** The same request with the registered credential again; a throttled answer (429) is returned, not thrown. */
        public HttpExchange sendRight(CheckContext ctx, ClientSpec client) {
            return new TokenCalls(ctx).postAcceptingThrottles(client, form);
        }

        /** "with a made-up code: the registered credential → 400 invalid_grant, a wrong secret → 401 invalid_client". */
        public String describe() {
            return "with " + shape + ": the registered credential → " + TwinRequest.Answer.of(right).describe()
                    + ", a wrong secret → " + TwinRequest.Answer.of(wrong).describe();
        }
    }

    private WrongSecretTrial() {
    }

    /** The first request shape whose answers to the right and a wrong secret differ; INCONCLUSIVE when none does. */
    public static Trial find(CheckContext ctx, ClientSpec client) {
        TokenCalls calls = new TokenCalls(ctx);
        URI token = calls.token();
        String basic = "Basic " + Base64.getEncoder().encodeToString((form(client.clientId()) + ":"
                + form("hitcert-wrong-secret-" + Pkce.random(6))).getBytes(StandardCharsets.UTF_8));
        List<String> alike = new ArrayList<>();
        String[][] forms = {
                {"grant_type", "authorization_code", "code", Pkce.random(32), "redirect_uri", ctx.target().callback().toString()},
                {"grant_type", "refresh_token", "refresh_token", "hitcert-" + Pkce.random(24)},
                {"grant_type", "client_credentials"}};
        String[] shapes = {"a made-up code", "a made-up refresh token", "grant_type=client_credentials"};
        for (int i = 0; i < forms.length; i++) {
            HttpExchange right = calls.post(client, token, forms[i]);
            HttpExchange wrong = ctx.http().send(HttpRequestSpec.postForm(token, forms[i]).withHeader("Authorization", basic));
            Trial trial = new Trial(shapes[i], forms[i], right, wrong, basic);
            if (tells(TwinRequest.Answer.of(right), TwinRequest.Answer.of(wrong))) {
                ctx.note("wrong secret trial", trial.describe());
                return trial;
            }
            alike.add(trial.describe());
        }
        throw new Inconclusive("no token request told the registered credential of " + client.clientId() + " from a wrong "
                + "secret (" + String.join("; ", alike) + "), so a refusal could have another cause than the secret");
    }

    /**
     * Whether a request shape tells the secrets apart: the registered credential was not refused as a failed
     * authentication (401, invalid_client), and the wrong secret got another answer (or a token).
     */
    static boolean tells(TwinRequest.Answer right, TwinRequest.Answer wrong) {
        boolean rightFailedAuthentication = right.status() == 401 || right.error().filter("invalid_client"::equals).isPresent();
        return !rightFailedAuthentication && (wrong.tokenIssued() || !right.describe().equals(wrong.describe()));
    }

    private static String form(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
