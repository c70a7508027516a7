package org.hitcert.checks.idtoken;

import static org.hitcert.checks.Checks.fail;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.Jwt;

/**
 * OIDC Core §2 and §5.7: sub is locally unique and never reassigned, at most 255 ASCII characters, so a client
 * keys its users by (iss, sub). Two logins of one user give the same sub; a login of another user gives another.
 */
public final class EnsureSubjectStableAndUnique implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("idtoken.sub.stable-unique",
                "sub is the same for two logins of one user, differs between users, and is at most 255 ASCII characters",
                List.of("sub-unstable"), List.of(), true);
    }

    @Override
    public void run(CheckContext ctx) {
        ClientSpec client = OidcFlows.browserClient(ctx);
        String first = subject(OidcFlows.sharedIdToken(ctx));
        ctx.browser().clearSession();
        String again = subject(OidcFlows.idToken(ctx, OidcFlows.codeFlow(ctx, client, OidcFlows.user(ctx, "default"), Map.of())
                .response(), client.scope()));
        if (!first.equals(again)) {
            throw fail("two logins of the same user gave sub '" + first + "' and then '" + again
                    + "'; OIDC Core §2 requires a stable identifier that is never reassigned");
        }
        Optional<org.hitcert.model.Candidate.UserSpec> other = ctx.target().user("other");
        if (other.isEmpty()) {
            ctx.note("uniqueness not tested", "the candidate file names no 'other' user");
            ctx.pass("two logins of the default user gave the same sub '" + first + "' (no other user to compare)");
            return;
        }
        ctx.browser().clearSession();
        String otherSub = subject(OidcFlows.idToken(ctx, OidcFlows.codeFlow(ctx, client, other.get(), Map.of()).response(),
                client.scope()));
        if (otherSub.equals(first)) {
            throw fail("two different users both got sub '" + first + "' (OIDC Core §2: unique within the issuer)");
        }
        ctx.pass("sub '" + first + "' is stable across two logins and differs from the other user's '" + otherSub + "'");
    }

    private static String subject(Jwt idToken) {
        String sub = idToken.claim("sub").orElseThrow(() -> fail("the ID token has no sub (OIDC Core §2: REQUIRED)"));
        if (sub.isEmpty() || sub.length() > 255 || !sub.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw fail("sub '" + sub + "' is not 1-255 printable ASCII characters (OIDC Core §2)");
        }
        return sub;
    }
}
