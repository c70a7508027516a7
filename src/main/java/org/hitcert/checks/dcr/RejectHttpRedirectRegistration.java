package org.hitcert.checks.dcr;

import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.dcr.RefuseUnsafeRegistrations.Variant;

/**
 * RFC 6749 §3.1.2.1 (SHOULD require TLS), HEART "Redirect URIs" and RFC 8252 §7.3 (http only on a loopback IP literal):
 * a registration whose redirect URI is http on an ordinary host is refused.
 */
public final class RejectHttpRedirectRegistration implements Check {

    @Override
    public CheckInfo info() {
        return new CheckInfo("dcr.registration.reject-http-redirect",
                "A registration with an http redirect URI on a non-loopback host is refused",
                List.of("dcr-accepts-http-redirect"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        RefuseUnsafeRegistrations.decide(ctx, List.of(new Variant("http-redirect",
                "RFC 6749 §3.1.2.1: redirect URIs use TLS; http only on a loopback IP literal (RFC 8252 §7.3)",
                m -> m.putArray("redirect_uris").add("http://hitcert-probe.invalid/callback"))), "DCR-REJECT-HTTP");
    }
}
