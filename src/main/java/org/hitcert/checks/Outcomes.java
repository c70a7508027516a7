package org.hitcert.checks;

import java.util.Optional;
import org.hitcert.model.Verdict;
import org.junit.platform.engine.TestExecutionResult;

/** Maps JUnit outcomes to verdicts: success PASS, assertion FAIL, abort by kind, anything else ERROR. */
public final class Outcomes {

    /** Skip reasons of requirements that no check implements yet start with this. */
    public static final String PLANNED_PREFIX = "planned: ";

    private Outcomes() {
    }

    public static Verdict verdictOf(TestExecutionResult result) {
        Optional<Throwable> thrown = result.getThrowable();
        return switch (result.getStatus()) {
            case SUCCESSFUL -> Verdict.PASS;
            case ABORTED -> thrown.map(Outcomes::abortVerdict).orElse(Verdict.INCONCLUSIVE);
            case FAILED -> thrown.filter(AssertionError.class::isInstance).isPresent() ? Verdict.FAIL : Verdict.ERROR;
        };
    }

    private static Verdict abortVerdict(Throwable t) {
        if (t instanceof NotApplicable) {
            return Verdict.NOT_APPLICABLE;
        }
        if (t instanceof AttestationRequired) {
            return Verdict.ATTESTATION;
        }
        return Verdict.INCONCLUSIVE;
    }

    /** The one-line reason for a non-PASS outcome, or empty when the check passed. */
    public static Optional<String> reasonOf(TestExecutionResult result) {
        return result.getThrowable().map(t -> {
            String message = t.getMessage();
            if (t instanceof AssertionError || t instanceof org.opentest4j.TestAbortedException) {
                return message == null ? t.getClass().getSimpleName() : message;
            }
            return "suite error: " + t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        });
    }
}
