package org.hitcert.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real authorization server nobody here wrote: oidc-provider (npm), started by the suite from its candidate file's
 * launch section, certified through the command line, and stopped. Every check's verdict must be the one
 * {@code expected-verdicts.yaml} states (a check missing from the file, an expectation that no longer happens, and
 * a check the file names that did not run all fail the test), no file of the report and no console line may hold a
 * configured secret or an issued token, and no candidate process may be left behind ({@link RealServerCandidate}).
 */
@org.junit.jupiter.api.parallel.Isolated("a whole certification run: not beside the flaw meta-test's runs")
class OidcProviderTest {

    static final RealServerCandidate OIDC_PROVIDER = new RealServerCandidate("oidc-provider", 9443, "server.mjs");

    @TempDir
    Path out;

    @Test
    void whenOidcProviderIsCertifiedThenEveryVerdictIsTheExpectedOneAndNoSecretLeaks() throws Exception {
        assumeTrue(RealServerCandidate.runs("node", "--version"),
                "node (Node.js 20+) is not on the PATH: the oidc-provider candidate cannot start");
        OIDC_PROVIDER.certify(out, List.of("test-only-keys/backend.private.jwk",
                "test-only-keys/confidential-jwt.private.jwk", "test-only-tls/server.key"));
    }

    @Test
    void whenExpectedVerdictsAreReadThenEveryCatalogCheckHasOneAndEveryNonPassHasAReason() throws Exception {
        OIDC_PROVIDER.assertWellFormed();
    }
}
