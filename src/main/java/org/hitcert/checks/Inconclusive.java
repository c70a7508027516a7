package org.hitcert.checks;

import org.opentest4j.TestAbortedException;

/** The check could not decide; the message says why (never a PASS). */
public final class Inconclusive extends TestAbortedException {

    private static final long serialVersionUID = 1L;

    public Inconclusive(String reason) {
        super(reason);
    }

    public Inconclusive(String reason, Throwable cause) {
        super(reason, cause);
    }
}
