package org.hitcert.checks.dcr;

import java.util.List;
import org.hitcert.checks.Check;

/** The checks of dynamic client registration (RFC 7591), in the order they run. */
public final class DcrChecks {

    private DcrChecks() {
    }

    public static List<Check> all() {
        return List.of(
                new AcceptValidRegistration(),
                new RejectInvalidClientMetadata(),
                new RejectHttpRedirectRegistration());
    }
}
