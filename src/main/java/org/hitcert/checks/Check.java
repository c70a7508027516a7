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
}
