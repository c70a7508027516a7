package org.hitcert.checks.dcr;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.Inconclusive;
import org.hitcert.support.HttpExchange;

/**
 * RFC 7591 §3, §3.2.1 (HEART "Dynamic Registration"): a valid registration request (a public authorization code client
 * with an https redirect URI) is answered 201 Created with a client_id and the registered metadata. The client is
 * deleted afterwards where RFC 7592 allows.
 */
public final class AcceptValidRegistration implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("dcr.registration.accept-valid",
                "A valid dynamic registration is answered 201 Created with a client_id",
                List.of("dcr-status-200"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        URI endpoint = Registrations.endpoint(ctx);
        HttpExchange x = Registrations.register(ctx, endpoint, Registrations.baseline());
        try {
            if (x.status() == 401 || x.status() == 403) {
                throw new Inconclusive("the registration endpoint refused an open registration (" + x.summary()
                        + "): it may need an initial access token, which the suite cannot send yet");
            }
            String clientId = Registrations.issued(x).orElseThrow(() -> fail("a valid registration (public client, "
                    + "redirect_uris [" + Registrations.REDIRECT_URI + "], grant authorization_code, auth method none) was "
                    + "answered " + x.summary() + " with no client_id; expected 201 Created with a client_id (RFC 7591 §3.2.1)"));
            if (x.status() != 201) {
                throw fail("a valid registration was answered " + x.status() + " (client " + clientId + " issued); RFC 7591 "
                        + "§3.2.1 requires 201 Created");
            }
            boolean echoed = x.json().map(j -> j.path("redirect_uris").toString().contains(Registrations.REDIRECT_URI))
                    .orElse(false);
            if (!echoed) {
                ctx.note("registered metadata not returned", "the response does not list the registered redirect_uris, "
                        + "which RFC 7591 §3.2.1 asks the server to return");
            }
            ctx.pass("a valid registration was answered 201 Created with client_id " + clientId
                    + (echoed ? " and the registered redirect_uris" : ""));
        } finally {
            Registrations.remove(ctx, x);
        }
    }
}
