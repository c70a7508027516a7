package org.hitcert.checks;

import org.opentest4j.TestAbortedException;

/** An optional feature is absent, as the candidate's own metadata says; the message says where it says so. */
public final class NotApplicable extends TestAbortedException {

    private static final long serialVersionUID = 1L;

    public NotApplicable(String reason) {
        super(reason);
    }
}
