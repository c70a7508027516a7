package org.hitcert.load;

import java.nio.file.*;
import org.junit.jupiter.api.Test;

class DumpTest {
    @Test
    void dump() throws Exception {
        StringBuilder out = new StringBuilder();
        try (var s = Files.list(Path.of("src/test/resources/load/plans"))) {
            for (Path p : s.sorted().toList()) {
                var l = new PlanLoader(new TestChecks()).load(p);
                out.append("== ").append(p).append(" ok=").append(l.ok()).append('\n');
                l.problems().forEach(x -> out.append(x).append('\n'));
                l.value().ifPresent(v -> out.append(v).append('\n'));
            }
        }
        try (var s = Files.list(Path.of("src/test/resources/load/candidates"))) {
            for (Path p : s.sorted().filter(Files::isRegularFile).toList()) {
                var l = new CandidateLoader(TestChecks.FLAWS).load(p);
                out.append("== ").append(p).append(" ok=").append(l.ok()).append('\n');
                l.problems().forEach(x -> out.append(x).append('\n'));
                l.value().ifPresent(v -> out.append(v).append('\n'));
            }
        }
        Files.writeString(Path.of("target/dump.txt"), out);
    }
}
