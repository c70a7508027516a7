package org.hitcert.checks.dcr;

import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.checks.dcr.RefuseUnsafeRegistrations.Variant;

/**
 * RFC 7591 §2 and RFC 6749 §3.1.2, §3.1.2.2: a registration is refused when a redirect URI has a fragment, when it
 * carries both jwks and jwks_uri, or when a public authorization code client registers no redirect URI at all. Each
 * changes one thing of a valid registration, which must be accepted first.
 */
public final class RejectInvalidClientMetadata implements Check {

    static final List<Variant> VARIANTS = List.of(
            new Variant("redirect-fragment", "RFC 6749 §3.1.2: a redirect URI must not have a fragment",
                    m -> m.putArray("redirect_uris").add(Registrations.REDIRECT_URI + "#hitcert")),
            new Variant("jwks-and-jwks-uri", "RFC 7591 §2: jwks and jwks_uri must not both be present", m -> {
                m.putObject("jwks").putArray("keys");
                m.put("jwks_uri", "https://hitcert-probe.invalid/jwks.json");
            }),
            new Variant("no-redirect-uris", "RFC 6749 §3.1.2.2: a public client of the code flow must register its "
                    + "redirect URIs", m -> m.remove("redirect_uris")));

    @Override
    public CheckInfo info() {
        return new CheckInfo("dcr.registration.reject-invalid-metadata",
                "Registrations with a fragment redirect URI, jwks with jwks_uri, or no redirect URI are refused",
                List.of("dcr-accepts-fragment", "dcr-accepts-jwks-and-uri", "dcr-accepts-no-redirect"), List.of(), false);
    }

    @Override
    public void run(CheckContext ctx) {
        RefuseUnsafeRegistrations.decide(ctx, VARIANTS, "DCR-REJECT");
    }
}
