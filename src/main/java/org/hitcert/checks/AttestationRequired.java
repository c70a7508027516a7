package org.hitcert.checks;

import org.opentest4j.TestAbortedException;

/** Only a human's evidence can decide this requirement; the message says what to attach. */
public final class AttestationRequired extends TestAbortedException {

    private static final long serialVersionUID = 1L;

    public AttestationRequired(String reason) {
        super(reason);
    }
}
