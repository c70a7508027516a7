package org.hitcert.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three real authorization servers nobody here wrote, certified in one command-line run (several
 * {@code --candidate}s, one after the other) and each held to its hand-probed expected-verdicts.yaml
 * ({@link RealServerCandidate#certifyTogether}): oidc-provider ({@link OidcProviderTest}), django-oauth-toolkit
 * ({@link DjangoOAuthToolkitTest}) and Glewlwyd ({@link GlewlwydTest}). A server whose software is not installed here is
 * left out (.ci/run installs all three). {@code -Dhitcert.test.servers=glewlwyd,...} certifies only those.
 */
@org.junit.jupiter.api.parallel.Isolated("whole certification runs: not beside the flaw meta-test's runs")
class RealServersTest {

    @TempDir
    Path out;

    @Test
    void whenTheRealServersAreCertifiedThenEachVerdictIsItsProbedTruthOrAKnownSuiteDefect() throws Exception {
        String only = System.getProperty("hitcert.test.servers", "");
        Map<RealServerCandidate, List<String>> servers = new LinkedHashMap<>();
        // the longest run first
        if (GlewlwydTest.installed()) {
            servers.put(GlewlwydTest.GLEWLWYD, GlewlwydTest.SECRET_FILES);
        }
        if (DjangoOAuthToolkitTest.installed()) {
            servers.put(DjangoOAuthToolkitTest.DOT, DjangoOAuthToolkitTest.SECRET_FILES);
        }
        if (OidcProviderTest.installed()) {
            servers.put(OidcProviderTest.OIDC_PROVIDER, OidcProviderTest.SECRET_FILES);
        }
        if (!only.isBlank()) {
            servers.keySet().removeIf(s -> !List.of(only.split(",")).contains(s.folder.getFileName().toString()));
        }
        assumeTrue(!servers.isEmpty(), "none of the real servers' software is installed here (.ci/run installs them)");
        RealServerCandidate.certifyTogether(out, servers);
    }
}
