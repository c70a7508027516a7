package org.hitcert.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second real authorization server: django-oauth-toolkit 1.7 from Debian (python3-django-oauth-toolkit, Django 3.2,
 * gunicorn 20.1), in the minimal Django project of fixtures/candidates/django-oauth-toolkit, launched by the suite on
 * loopback port 9444. Every verdict is held to the hand-probed truth of its expected-verdicts.yaml (probes.py beside
 * it), the suite's known defects there tolerated and printed, and failed once they no longer occur
 * ({@link RealServerCandidate}).
 */
@org.junit.jupiter.api.parallel.Isolated("a whole certification run: not beside the flaw meta-test's runs")
class DjangoOAuthToolkitTest {

    static final RealServerCandidate DOT = new RealServerCandidate("django-oauth-toolkit", 9444, "wsgi:application");

    @TempDir
    Path out;

    @Test
    void whenDjangoOAuthToolkitIsCertifiedThenEveryVerdictIsTheProbedTruthOrAKnownSuiteDefect() throws Exception {
        assumeTrue(RealServerCandidate.runs("/usr/bin/python3", "-c", "import oauth2_provider, django, gunicorn, jwcrypto"),
                "Debian's python3-django-oauth-toolkit, python3-django, python3-gunicorn and python3-jwcrypto are not "
                        + "installed (.ci/run installs them): the django-oauth-toolkit candidate cannot start");
        DOT.certify(out, List.of("test-only-keys/oidc-rs256.pem", "test-only-tls/server.key"));
    }

    @Test
    void whenExpectedVerdictsAreReadThenEveryCatalogCheckHasOneAndEveryNonPassHasAReason() throws Exception {
        DOT.assertWellFormed();
    }
}
