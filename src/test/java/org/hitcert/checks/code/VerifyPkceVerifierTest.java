package org.hitcert.checks.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VerifyPkceVerifierTest {

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    @Test
    void whenAVerifierIsMalformedThenItsChallengeIsComputedFromItSoOnlyTheFormatCanRefuseIt() {
        Map<String, VerifyPkceVerifier.Case> cases = VerifyPkceVerifier.cases();
        assertThat(cases.values().stream().filter(VerifyPkceVerifier.Case::challengeFromIt).map(VerifyPkceVerifier.Case::verifier))
                .hasSize(3).noneMatch(v -> WELL_FORMED.matcher(v).matches())
                .anyMatch(v -> v.length() == 42).anyMatch(v -> v.length() == 129)
                .anyMatch(v -> v.length() >= 43 && v.length() <= 128 && !v.matches("[A-Za-z0-9._~-]*"));
        assertThat(cases.get("a wrong verifier").challengeFromIt()).isFalse();
        assertThat(WELL_FORMED.matcher(cases.get("a wrong verifier").verifier()).matches()).isTrue();
        assertThat(cases.get("no verifier").verifier()).isNull();
    }
}
