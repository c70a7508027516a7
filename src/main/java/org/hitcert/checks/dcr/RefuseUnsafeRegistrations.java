package org.hitcert.checks.dcr;

import static org.hitcert.checks.Checks.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.hitcert.checks.CheckContext;
import org.hitcert.support.HttpExchange;

/**
 * Sends registrations that each change one thing of the valid baseline, after proving the baseline is registered.
 * The security outcome decides (was a client_id issued?); a refusal with another status or error than RFC 7591 §3.2.2
 * names is noted, not failed.
 */
final class RefuseUnsafeRegistrations {

    /** One bad registration: what was changed, and why it must be refused. */
    record Variant(String name, String rule, Consumer<ObjectNode> change) {
    }

    private RefuseUnsafeRegistrations() {
    }

    static void decide(CheckContext ctx, List<Variant> variants, String requirement) {
        URI endpoint = Registrations.endpoint(ctx);
        Registrations.remove(ctx, Registrations.registerBaseline(ctx, endpoint));
        Map<String, String> registered = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>();
        for (Variant v : variants) {
            ObjectNode metadata = Registrations.baseline();
            v.change().accept(metadata);
            HttpExchange x = Registrations.register(ctx, endpoint, metadata);
            try {
                if (Registrations.issued(x).isPresent()) {
                    registered.put(v.name(), x.status() + ", client_id " + Registrations.issued(x).get() + " (" + v.rule() + ")");
                    continue;
                }
            } finally {
                Registrations.remove(ctx, x);
            }
            refused.add(v.name());
            if (!Registrations.conformantRefusal(x)) {
                ctx.note(v.name() + " refused without the RFC 7591 error", "answered " + x.summary() + "; RFC 7591 §3.2.2 names "
                        + "400 with invalid_redirect_uri or invalid_client_metadata");
            }
        }
        if (!registered.isEmpty()) {
            throw fail("the registration endpoint registered clients it must refuse (" + requirement + "): " + registered
                    + "; expected 400 with invalid_redirect_uri or invalid_client_metadata and no client_id (RFC 7591 §3.2.2)");
        }
        ctx.pass("a valid registration was accepted, and each of " + refused + " was refused with no client_id");
    }
}
