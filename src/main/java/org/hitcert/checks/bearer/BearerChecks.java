package org.hitcert.checks.bearer;

import java.util.List;
import org.hitcert.checks.Check;

/** The checks of the bearer area, in the order they run. */
public final class BearerChecks {

    private BearerChecks() {
    }

    public static List<Check> all() {
        return List.of(
                new RequireTokenForFhir(),
                new AcceptBearerHeader(),
                new RejectQueryToken(),
                new RejectMalformedBearerRequests(),
                new RejectTamperedTokens(),
                new RejectOtherAudienceToken(),
                new RejectForeignIssuerToken(),
                new RejectInsufficientScope(),
                new RejectIdTokenAsAccessToken(),
                new RejectExpiredToken(),
                new RejectRevokedToken(),
                new EnforcePatientCompartment(),
                new EnforceSmartPermissions(),
                new EnforceGranularScopes(),
                new EnforceV1ReadOnly());
    }
}
