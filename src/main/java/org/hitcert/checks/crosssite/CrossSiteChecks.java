package org.hitcert.checks.crosssite;

import java.util.List;
import org.hitcert.checks.Check;

/** The checks of the cross-site area (TSS-08), in the order they run. */
public final class CrossSiteChecks {

    private CrossSiteChecks() {
    }

    public static List<Check> all() {
        return List.of(
                new EnsureAntiFramingHeaders(),
                new RefuseFramingByOtherSites(),
                new RefuseCorsAtAuthorizationEndpoint(),
                new RefuseCredentialedCorsAtTokenEndpoint(),
                new RefuseCredentialedCorsAtFhirApi(),
                new EnsureSessionCookiesProtected(),
                new RefuseForgedLogin(),
                new RefuseForgedConsent(),
                new RefuseRefererLeaks(),
                new RefuseOpenRedirects(),
                new EscapeReflectedValuesInErrorPages(),
                new EnsureWebMessagesTargetClientOrigin(),
                new KeepTokensOutOfBrowserHistory());
    }
}
