package org.hitcert.e2e;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A third real authorization server: Glewlwyd 2.7 from Debian (package glewlwyd, C, SQLite backend), configured by
 * fixtures/candidates/glewlwyd (DEPLOYMENT.md) through its own admin API, launched by the suite on loopback port 9445.
 * Every verdict is held to the hand-probed truth of its expected-verdicts.yaml (probes.py beside it), the suite's known
 * defects there tolerated and printed, and failed once they no longer occur ({@link RealServerCandidate}).
 * Certified in {@link RealServersTest}, with the other real servers; here, the file's own consistency.
 */
class GlewlwydTest {

    static final RealServerCandidate GLEWLWYD = new RealServerCandidate("glewlwyd", 9445, "hitcert-glewlwyd-9445");

    /** Files beside the candidate whose private parts must appear in no report or console line. */
    static final List<String> SECRET_FILES = List.of("test-only-keys/oidc-rs256.pem", "test-only-keys/backend.private.jwk",
            "test-only-keys/backend-2.private.jwk", "test-only-keys/backend-uri.private.jwk", "test-only-tls/server.key");

    /** Whether the server's software is installed here (.ci/run installs it); {@link RealServersTest} certifies it. */
    static boolean installed() {
        return RealServerCandidate.runs("glewlwyd", "--version") && RealServerCandidate.runs("sqlite3", "-version");
    }

    @Test
    void whenExpectedVerdictsAreReadThenEveryCatalogCheckHasOneAndEveryNonPassHasAReason() throws Exception {
        GLEWLWYD.assertWellFormed();
    }
}
