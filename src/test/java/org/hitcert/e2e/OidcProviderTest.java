package org.hitcert.e2e;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real authorization server nobody here wrote: oidc-provider (npm), started by the suite from its candidate file's
 * launch section, certified through the command line, and stopped. Every check's verdict must be the one
 * {@code expected-verdicts.yaml} states (a check missing from the file, an expectation that no longer happens, and
 * a check the file names that did not run all fail the test), no file of the report and no console line may hold a
 * configured secret or an issued token, and no candidate process may be left behind ({@link RealServerCandidate}).
 * Certified in {@link RealServersTest}, with the other real servers; here, the file's own consistency.
 */
class OidcProviderTest {

    static final RealServerCandidate OIDC_PROVIDER = new RealServerCandidate("oidc-provider", 9443, "server.mjs");

    /** Files beside the candidate whose private parts must appear in no report or console line. */
    static final List<String> SECRET_FILES = List.of("test-only-keys/backend.private.jwk",
            "test-only-keys/confidential-jwt.private.jwk", "test-only-tls/server.key");

    /** Whether the server's software is installed here (.ci/run installs it); {@link RealServersTest} certifies it. */
    static boolean installed() {
        return RealServerCandidate.runs("node", "--version");
    }

    @Test
    void whenExpectedVerdictsAreReadThenEveryCatalogCheckHasOneAndEveryNonPassHasAReason() throws Exception {
        OIDC_PROVIDER.assertWellFormed();
    }
}
