package org.hitcert.checks;

import org.opentest4j.AssertionFailedError;

/** The requirement was observed to be violated. The message states observed versus expected. */
public final class CheckFailure extends AssertionFailedError {

    private static final long serialVersionUID = 1L;

    public CheckFailure(String reason) {
        super(reason);
    }
}
