package org.hitcert.checks.smart;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.clientauth.TokenAnswer;
import org.hitcert.support.HttpExchange;

/**
 * SMART Backend Services "Evaluate requested access": the server grants only what the client was pre-authorized for.
 * The backend client, registered for read/search (its candidate-file scope), asks for system/*.cruds; the answer must be
 * invalid_scope or a grant without create, update or delete.
 */
public final class MediateBackendScopes implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("smart.backend.scope-mediated", "A backend client gets no more than it was pre-authorized for",
                List.of("backend-scope-unmediated"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        BackendTokens be = new BackendTokens(ctx);
        HttpExchange x = be.send("grant_type", "client_credentials", "scope", "system/*.cruds");
        TokenAnswer a = TokenAnswer.of(x);
        if (!a.tokenIssued()) {
            ctx.pass("system/*.cruds (pre-authorized: '" + be.client().scope() + "') refused with " + a.describe());
            return;
        }
        JsonNode t = x.json().orElseThrow();
        String granted = t.path("scope").asText("");
        List<String> writes = Arrays.stream(granted.split(" +")).filter(MediateBackendScopes::writes).toList();
        if (granted.isBlank()) {
            throw fail("system/*.cruds got a token whose response states no scope, so the grant is not shown to be reduced "
                    + "(pre-authorized: '" + be.client().scope() + "'); expected invalid_scope or a reduced scope (SMART Backend Services)");
        }
        if (!writes.isEmpty()) {
            throw fail("system/*.cruds was granted with write permissions " + writes + " although the client is pre-authorized for '"
                    + be.client().scope() + "'; expected invalid_scope or a reduced grant (SMART Backend Services, Evaluate requested access)");
        }
        ctx.pass("system/*.cruds was reduced to '" + granted + "'");
    }

    /** Whether a SMART scope grants create, update or delete (v2 .cruds letters, v1 .write / .*). */
    static boolean writes(String scope) {
        int dot = scope.lastIndexOf('.');
        if (dot < 0) {
            return false;
        }
        String perm = scope.substring(dot + 1);
        if (perm.equals("write") || perm.equals("*")) {
            return true;
        }
        return perm.matches("c?r?u?d?s?") && (perm.contains("c") || perm.contains("u") || perm.contains("d"));
    }
}
