package org.hitcert.checks.authorize;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.checks.CheckContext;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.support.CodeFlow.Authorization;

/**
 * An authorization error response (RFC 6749 §4.1.2.1) obtained from a request that is valid but for one thing the
 * server must refuse with a redirect: an unknown response_type (unsupported_response_type), else an unknown scope
 * (invalid_scope).
 */
final class ErrorPath {

    private ErrorPath() {
    }

    /** The first error response among the triggers, with {@code state} sent; empty when none redirected an error. */
    static Optional<Authorization> errorResponse(CheckContext ctx, ClientSpec client, String state) {
        List<Map<String, String>> triggers = List.of(
                Map.of("response_type", "hitcert_unknown_type"),
                Map.of("scope", client.scope() + " hitcert-unknown-scope"));
        for (Map<String, String> t : triggers) {
            Map<String, String> overrides = new HashMap<>(t);
            overrides.put("state", state);
            Authorization a = ctx.flow().authorize(client, Clients.defaultUser(ctx.target()), overrides);
            if (a.redirected() && a.param("error").isPresent()) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    static String describe(Authorization a) {
        return "error=" + a.param("error").orElse("?");
    }
}
