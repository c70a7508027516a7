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
import org.hitcert.support.HttpRequestSpec;

/**
 * RFC 6749 §3.2 (POST only, parameters in the body, none repeated) and §2.3.1 (credentials never in the URL). Each case
 * is a client_credentials request of the backend client (its own authentication, whatever the method) that succeeds
 * when sent correctly, changed in one way: sent as GET with everything in the query; POSTed with everything in the query
 * string (a client assertion or a client_secret_post secret too); the body with grant_type twice. None may release a
 * token.
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
        // each variant is the correct request, newly authenticated (a fresh assertion), with one thing changed
        HttpRequestSpec get = correct(calls, backend);
        answers.put("GET with the parameters in the query", TokenAnswer.of(ctx.http().send(new HttpRequestSpec("GET",
                HttpRequestSpec.withRawQuery(get.uri(), get.body()), without(get.headers(), "Content-Type"), null))));
        HttpRequestSpec inQuery = correct(calls, backend);
        answers.put("POST with the parameters (" + credentialsWhere(backend) + ") in the query string", TokenAnswer.of(
                ctx.http().send(new HttpRequestSpec("POST", HttpRequestSpec.withRawQuery(inQuery.uri(), inQuery.body()),
                        inQuery.headers(), ""))));
        HttpRequestSpec twice = correct(calls, backend);
        answers.put("grant_type sent twice", TokenAnswer.of(ctx.http().send(new HttpRequestSpec("POST", twice.uri(),
                twice.headers(), twice.body() + "&grant_type=client_credentials"))));
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

    private static HttpRequestSpec correct(TokenCalls calls, ClientSpec backend) {
        return calls.tokenRequest(backend, "grant_type", "client_credentials", "scope", backend.scope());
    }

    private static String credentialsWhere(ClientSpec backend) {
        return switch (backend.authMethod()) {
            case "private_key_jwt" -> "the client assertion included";
            case "client_secret_post" -> "client_id and client_secret included";
            default -> "the credentials stay in the Authorization header";
        };
    }

    private static Map<String, String> without(Map<String, String> headers, String name) {
        Map<String, String> out = new LinkedHashMap<>(headers);
        out.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        return out;
    }
}
