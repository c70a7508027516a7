package org.hitcert.checks.idtoken;

import static org.hitcert.checks.Checks.fail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.Jwt;
import org.hitcert.support.Pkce;

/**
 * OIDC Core §2 and §3.1.2.1: a nonce sent in the authorization request comes back in the ID token unmodified
 * (here one with characters that need URL encoding); an ID token from a request without nonce carries none.
 */
public final class EnsureNonceEchoed implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("idtoken.nonce.echoed",
                "The nonce comes back verbatim in the ID token, and no nonce comes back when none was sent",
                List.of("nonce-ignored"), List.of(), true).sharesLogin();
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = OidcFlows.browserClient(ctx);
        String nonce = "n-" + Pkce.random(12) + " +/=?&%~é";
        String refusedRich = "";
        OidcFlows.Tokens sent;
        try {
            sent = OidcFlows.codeFlow(ctx, client, OidcFlows.user(ctx, "default"), Map.of("nonce", nonce));
        } catch (org.hitcert.checks.Inconclusive e) {
            // OIDC Core sets no character limit on nonce, yet some servers refuse reserved or non-ASCII characters in it:
            // one more try with unreserved characters only decides the requirement (echoed verbatim), and the reason
            // says what the first request got
            refusedRich = " (a nonce with reserved and non-ASCII characters, '" + nonce + "', got no code: " + e.getMessage()
                    + "; this one has unreserved characters only)";
            nonce = "n-" + Pkce.random(16);
            sent = OidcFlows.codeFlow(ctx, client, OidcFlows.user(ctx, "default"), Map.of("nonce", nonce));
        }
        Jwt first = OidcFlows.idToken(ctx, sent.response(), client.scope());
        Optional<String> echoed = first.claim("nonce");
        if (echoed.isEmpty()) {
            throw fail("the ID token carries no nonce although the authorization request sent one; OIDC Core §2 requires "
                    + "it verbatim (without it the client cannot detect a replayed ID token)");
        }
        if (!echoed.get().equals(nonce)) {
            throw fail("the ID token's nonce '" + echoed.get() + "' differs from the one sent '" + nonce + "' (OIDC Core §2)");
        }
        Map<String, String> withoutNonce = new HashMap<>();
        withoutNonce.put("nonce", null);
        org.hitcert.support.CodeFlow.Authorization bare = ctx.flow().authorize(client, OidcFlows.user(ctx, "default"), withoutNonce);
        // the request without nonce answered with an error at the redirect URI: "error=X 'description'", else empty
        java.util.Optional<String> refusal = bare.param("code").isEmpty() && bare.redirected()
                ? bare.param("error").map(e -> "error=" + e + bare.param("error_description").map(d -> " '" + d + "'").orElse(""))
                : java.util.Optional.empty();
        if (refusal.isPresent() && !bare.param("error").get().equals("invalid_request")) {
            throw new org.hitcert.checks.Inconclusive("the same request without nonce got " + refusal.get() + ", not the "
                    + "invalid_request of a missing required parameter, so it shows nothing about ID tokens without a nonce");
        }
        if (refusal.isPresent()) {
            // nonce is OPTIONAL in the code flow (OIDC Core §3.1.2.1), but a server that requires it issues no ID token
            // without one: the second half holds by the server's own refusal (invalid_request, right after the same
            // request with a nonce got a code: only the nonce differs), which the reason quotes
            ctx.pass("the nonce '" + nonce + "' came back verbatim" + refusedRich + "; a request without nonce was refused "
                    + "at the redirect URI (" + refusal.get() + "), so no ID token is issued without one");
            return;
        }
        OidcFlows.Tokens none = OidcFlows.redeemed(ctx, client, bare, withoutNonce);
        Jwt second = OidcFlows.idToken(ctx, none.response(), client.scope());
        if (second.claims().has("nonce")) {
            throw fail("an ID token for a request without nonce carries nonce " + second.claims().get("nonce")
                    + " (OIDC Core §2: present only when the request had one)");
        }
        ctx.pass("the nonce '" + nonce + "' came back verbatim" + refusedRich + ", and no nonce came back for a request"
                + " without one");
    }
}
