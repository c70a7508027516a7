package org.hitcert.checks.compat;

import java.util.List;
import org.hitcert.checks.Check;

/** The checks of the browser-compatibility area (TSS-09), in the order they run. */
public final class CompatChecks {

    private CompatChecks() {
    }

    public static List<Check> all() {
        return List.of(new CompleteCodeFlowInEveryBrowser());
    }
}
