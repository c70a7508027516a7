package org.hitcert.checks.vuln;

import java.util.List;
import org.hitcert.checks.Check;

/** The checks of the vulnerability-testing area (TSS-07), in the order they run. */
public final class VulnChecks {

    private VulnChecks() {
    }

    public static List<Check> all() {
        return List.of(
                new HandleMalformedInput(),
                new ThrottleFailedClientAuthentication());
    }
}
