package org.hitcert.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third real authorization server: Glewlwyd 2.7 from Debian (package glewlwyd, C, SQLite backend), configured by
 * fixtures/candidates/glewlwyd (DEPLOYMENT.md) through its own admin API, launched by the suite on loopback port 9445.
 * Every verdict is held to the hand-probed truth of its expected-verdicts.yaml (probes.py beside it), the suite's known
 * defects there tolerated and printed, and failed once they no longer occur ({@link RealServerCandidate}).
 */
@org.junit.jupiter.api.parallel.Isolated("a whole certification run: not beside the flaw meta-test's runs")
class GlewlwydTest {

    static final RealServerCandidate GLEWLWYD = new RealServerCandidate("glewlwyd", 9445, "hitcert-glewlwyd-9445");

    @TempDir
    Path out;

    @Test
    void whenGlewlwydIsCertifiedThenEveryVerdictIsTheProbedTruthOrAKnownSuiteDefect() throws Exception {
        assumeTrue(RealServerCandidate.runs("glewlwyd", "--version") && RealServerCandidate.runs("sqlite3", "-version"),
                "Debian's glewlwyd and sqlite3 are not installed (.ci/run installs them): the Glewlwyd candidate cannot start");
        GLEWLWYD.certify(out, List.of("test-only-keys/oidc-rs256.pem", "test-only-keys/backend.private.jwk",
                "test-only-keys/backend-2.private.jwk",
                "test-only-keys/backend-uri.private.jwk", "test-only-tls/server.key"));
    }

    @Test
    void whenExpectedVerdictsAreReadThenEveryCatalogCheckHasOneAndEveryNonPassHasAReason() throws Exception {
        GLEWLWYD.assertWellFormed();
    }
}
