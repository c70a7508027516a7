package org.hitcert.checks;

import org.hitcert.model.Params;

/** Everything a check may use to reach the candidate and record what it saw. */
public interface CheckContext {

    /** The parameters the plan gives this check, typed by the check's {@link CheckInfo#params()}. */
    Params params();

    /** The one-line reason for a PASS: what was observed that satisfies the requirement. */
    void pass(String reason);
}
