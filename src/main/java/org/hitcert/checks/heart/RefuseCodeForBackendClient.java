package org.hitcert.checks.heart;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.NotApplicable;
import org.hitcert.checks.idtoken.OidcFlows;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;
import org.hitcert.support.CodeFlow.Refusal;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.HttpRequestSpec;
import org.hitcert.support.Pkce;

/**
 * HEART OAuth 2.0 "Grant types" (each client is registered for one grant type) and RFC 6749 §4.1.2.1
 * (unauthorized_client): the candidate's client_credentials client (role backend) sends an authorization code request
 * with its own scope. No code may come back: an error page, or an error redirect (unauthorized_client), is right. A
 * plain HTTP request shows a refusal before any login; a page (a login page, say) is followed in the browser, signed in
 * as the default user, to see whether a code follows.
 */
public final class RefuseCodeForBackendClient implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("heart.grant-types.no-code-for-backend",
                "A client registered for client_credentials gets no authorization code",
                List.of("authorize-grant-type-unchecked"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec backend = ctx.target().client("backend").orElseThrow(() -> org.hitcert.checks.Checks.noClient("backend",
                "a client_credentials client (role backend)"));
        Map<String, String> params = ctx.flow().standardParams(backend, Pkce.random(16), Pkce.s256(), Pkce.random(16));
        URI endpoint = ctx.target().endpoint("authorization").orElseThrow(() -> new NotApplicable(
                "the candidate states no authorization endpoint"));
        URI request = HttpRequestSpec.withQuery(endpoint, params.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new));
        HttpExchange first = ctx.http().get(request, "Accept", "text/html");
        Optional<String> early = refusedBeforeLogin(first, ctx.flow().redirectUri(backend));
        if (early.isPresent()) {
            org.hitcert.support.AuthorizationEnding control = ctx.flow().positiveControl(OidcFlows.browserClient(ctx),
                    OidcFlows.user(ctx, "default"));
            if (control.kind() != org.hitcert.support.AuthorizationEnding.Kind.CODE
                    && control.kind() != org.hitcert.support.AuthorizationEnding.Kind.LOGIN_FORM) {
                throw new org.hitcert.checks.Inconclusive("the client_credentials client's request was " + early.get()
                        + ", but the same request by the authorization code client got neither the login form nor a code ("
                        + control.detail() + ")");
            }
            ctx.pass("an authorization code request by the client_credentials client " + backend.clientId() + " was "
                    + early.get() + ", before any login; the same request by " + OidcFlows.browserClient(ctx).clientId()
                    + ": " + control.detail());
            return;
        }
        Refusal r = ctx.flow().refusalOf(backend, OidcFlows.user(ctx, "default"), Map.of(), "the client_credentials client "
                + backend.clientId(), OidcFlows.browserClient(ctx));
        Authorization a = r.authorization();
        if (a.param("code").isPresent()) {
            throw fail("the client_credentials client " + backend.clientId() + " was issued an authorization code (at "
                    + a.landedAt() + "): HEART registers each client for one grant type, and RFC 6749 §4.1.2.1 answers "
                    + "unauthorized_client");
        }
        if (a.param("error").isPresent() && !"unauthorized_client".equals(a.param("error").get())) {
            ctx.note("error code", "expected unauthorized_client (RFC 6749 §4.1.2.1), got " + a.param("error").get());
        }
        if (!r.refused()) {
            throw new org.hitcert.checks.Inconclusive(r.reason());
        }
        ctx.pass("no code for the client_credentials client: " + r.reason());
    }

    /** How the first answer refused the request, if it did: an error status, or a redirect carrying an error. */
    static Optional<String> refusedBeforeLogin(HttpExchange x, URI redirectUri) {
        if (x.status() >= 400) {
            return Optional.of("refused with an error page (" + x.status() + ")");
        }
        if (x.status() / 100 == 3) {
            String location = x.header("Location").orElse("");
            if (location.startsWith(redirectUri.toString()) && location.contains("error=") && !location.contains("code=")) {
                int q = location.indexOf('?');
                String error = q < 0 ? "?" : HttpRequestSpec.parseQuery(location.substring(q + 1).split("#", 2)[0])
                        .getOrDefault("error", "?");
                return Optional.of("refused by a redirect with error=" + error);
            }
        }
        return Optional.empty();
    }
}
