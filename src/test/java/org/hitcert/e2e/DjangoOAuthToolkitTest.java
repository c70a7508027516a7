package org.hitcert.e2e;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A second real authorization server: django-oauth-toolkit 1.7 from Debian (python3-django-oauth-toolkit, Django 3.2,
 * gunicorn 20.1), in the minimal Django project of fixtures/candidates/django-oauth-toolkit, launched by the suite on
 * loopback port 9444. Every verdict is held to the hand-probed truth of its expected-verdicts.yaml (probes.py beside
 * it), the suite's known defects there tolerated and printed, and failed once they no longer occur
 * ({@link RealServerCandidate}).
 * Certified in {@link RealServersTest}, with the other real servers; here, the file's own consistency.
 */
class DjangoOAuthToolkitTest {

    static final RealServerCandidate DOT = new RealServerCandidate("django-oauth-toolkit", 9444, "wsgi:application");

    /** Files beside the candidate whose private parts must appear in no report or console line. */
    static final List<String> SECRET_FILES = List.of("test-only-keys/oidc-rs256.pem", "test-only-tls/server.key");

    /** Whether the server's software is installed here (.ci/run installs it); {@link RealServersTest} certifies it. */
    static boolean installed() {
        return RealServerCandidate.runs("/usr/bin/python3", "-c", "import oauth2_provider, django, gunicorn, jwcrypto");
    }

    @Test
    void whenExpectedVerdictsAreReadThenEveryCatalogCheckHasOneAndEveryNonPassHasAReason() throws Exception {
        DOT.assertWellFormed();
    }
}
