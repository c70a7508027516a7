package org.hitcert.checks.smart;

import java.util.List;
import org.hitcert.checks.Check;

/** The checks of the SMART area (App Launch and Backend Services), in the order they run. */
public final class SmartChecks {

    private SmartChecks() {
    }

    public static List<Check> all() {
        return List.of(
                new RejectForeignAudience(),
                new EnsurePatientContext(),
                new FollowBackendServicesFlow(),
                new MediateBackendScopes(),
                new EnsureCapabilityAgreesWithSmartConfiguration(),
                new EnforceSystemScopeType(),
                new EnsureDownscopedGrantStated(),
                new AcceptAdvertisedScopeSyntax());
    }
}
