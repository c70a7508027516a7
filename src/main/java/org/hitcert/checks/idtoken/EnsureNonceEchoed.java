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
        Map<String, String> withNonce = new HashMap<>();
        withNonce.put("nonce", nonce);
        OidcFlows.Tokens sent = OidcFlows.codeFlow(ctx, client, OidcFlows.user(ctx, "default"), withNonce);
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
        OidcFlows.Tokens none = OidcFlows.codeFlow(ctx, client, OidcFlows.user(ctx, "default"), withoutNonce);
        Jwt second = OidcFlows.idToken(ctx, none.response(), client.scope());
        if (second.claims().has("nonce")) {
            throw fail("an ID token for a request without nonce carries nonce " + second.claims().get("nonce")
                    + " (OIDC Core §2: present only when the request had one)");
        }
        ctx.pass("the nonce '" + nonce + "' came back verbatim, and no nonce came back for a request without one");
    }
}
