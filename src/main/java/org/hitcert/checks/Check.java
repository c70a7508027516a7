package org.hitcert.checks;

/**
 * One executable check: decides one requirement against one candidate. Implementations are small
 * {@code final} classes named by a verb ({@code EnsureIssuerMatchesUrl}), reach the candidate only through
 * {@link CheckContext}, and end in one of three ways: return normally (PASS, with a reason given to
 * {@link CheckContext#pass(String)}), throw {@link CheckFailure} (FAIL), or throw {@link Inconclusive} /
 * {@link NotApplicable}. Any other exception is an ERROR.
 */
public interface Check {

    CheckInfo info();

    void run(CheckContext context) throws Exception;

    /**
     * How long this check will wait on purpose against {@code target} (a lifetime the candidate claims, see
     * {@link CheckInfo#waitsFor}), with the plan's {@code params}; empty when it will not wait (nothing claimed: it then
     * says what to claim instead of assuming a figure). The run states it before it starts and adds it to the check's
     * time limit.
     */
    default java.util.Optional<java.time.Duration> plannedWait(org.hitcert.support.Target target,
                                                              org.hitcert.model.Params params) {
        return java.util.Optional.empty();
    }
}
