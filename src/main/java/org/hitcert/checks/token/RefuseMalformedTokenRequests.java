package org.hitcert.checks.token;

import static org.hitcert.checks.Checks.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.clientauth.TokenAnswer;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.ClientAssertions;
import org.hitcert.support.HttpRequestSpec;

/**
 * RFC 6749 §3.2 (POST only, parameters in the body, none repeated) and §2.3.1 (credentials never in the URL). Each case
 * is a client_credentials request of the backend client that would succeed if sent correctly, changed in one way: sent
 * as GET with everything in the query; POSTed with everything (the client assertion too) in the query string; the body
 * with grant_type twice. None may release a token.
 */
public final class RefuseMalformedTokenRequests implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.request.well-formed", "GET, query-string credentials and repeated parameters are refused",
                List.of("token-params-lenient"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        TokenCalls calls = new TokenCalls(ctx);
        ClientSpec backend = calls.backend();
        calls.backendTokens(); // the correct request works, so a refusal below is due to the one change
        Map<String, TokenAnswer> answers = new LinkedHashMap<>();
        answers.put("GET with the parameters in the query", TokenAnswer.of(ctx.http().send(HttpRequestSpec.get(
                HttpRequestSpec.withQuery(calls.token(), params(ctx, backend, calls))))));
        answers.put("POST with the parameters (client assertion included) in the query string", TokenAnswer.of(ctx.http().send(
                new HttpRequestSpec("POST", HttpRequestSpec.withQuery(calls.token(), params(ctx, backend, calls)),
                        Map.of("Content-Type", "application/x-www-form-urlencoded"), ""))));
        String[] p = params(ctx, backend, calls);
        answers.put("grant_type sent twice", TokenAnswer.of(ctx.http().send(new HttpRequestSpec("POST", calls.token(),
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                HttpRequestSpec.formEncode(p) + "&grant_type=client_credentials"))));
        List<String> issued = new ArrayList<>();
        List<String> all = new ArrayList<>();
        answers.forEach((k, a) -> {
            all.add(k + " → " + a.describe());
            if (a.tokenIssued()) {
                issued.add(k + " → " + a.describe());
            }
        });
        if (!issued.isEmpty()) {
            throw fail("malformed token requests released tokens: " + String.join("; ", issued)
                    + "; expected 400 invalid_request or 405 (RFC 6749 §3.2, §2.3.1)");
        }
        ctx.pass("refused: " + String.join("; ", all));
    }

    private static String[] params(CheckContext ctx, ClientSpec backend, TokenCalls calls) {
        String jwk = backend.privateKey().flatMap(s -> s.resolve(System::getenv)).orElseThrow();
        return new String[] {"grant_type", "client_credentials", "scope", backend.scope(),
                "client_assertion_type", ClientAssertions.JWT_BEARER,
                "client_assertion", ClientAssertions.of(jwk, backend.clientId(), calls.token()).baseline().sign()};
    }
}
