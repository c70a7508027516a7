package org.hitcert.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hitcert.engine.Settings;
import org.hitcert.model.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Deterministic verdicts under parallel execution: the whole plan against the reference, once serially
 * ({@code hitcert.parallelism=1}) and once with 4 checks at a time, gives every check the same verdict.
 * {@code -Dhitcert.test.equality.flaws=a,b} runs it against flawed references instead (default: clean).
 * Opt-in ({@code -Dhitcert.test.serial=true}): its serial run is 100 s alone on 2 cores, which `mvn -B verify` cannot
 * spend within CI's 20 minutes beside the flaw meta-test and the two real servers.
 */
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "hitcert.test.serial", matches = "true")
@org.junit.jupiter.api.parallel.Isolated("a whole certification run: not beside the flaw meta-test's runs")
class ParallelEqualsSerialTest {

    @Test
    void whenThePlanRunsInParallelThenEveryVerdictEqualsTheSerialRun() {
        List<String> flaws = List.of(System.getProperty("hitcert.test.equality.flaws", "").split(",")).stream()
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        Map<String, Verdict> serial = verdicts(SuiteRun.reference(flaws, List.of(), Map.of(Settings.PARALLELISM, "1")));
        Map<String, Verdict> parallel = verdicts(SuiteRun.reference(flaws, List.of(), Map.of(Settings.PARALLELISM, "4")));
        assertEquals(serial.size(), parallel.size(), "both runs decide the same checks");
        assertEquals(serial, parallel, "parallel verdicts differ from the serial run's");
    }

    private static Map<String, Verdict> verdicts(Map<String, SuiteRun.Outcome> outcomes) {
        Map<String, Verdict> out = new TreeMap<>();
        outcomes.forEach((id, o) -> out.put(id, o.verdict()));
        return out;
    }
}
