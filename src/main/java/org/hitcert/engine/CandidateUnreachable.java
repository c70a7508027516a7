package org.hitcert.engine;

/** The candidate could not be reached at the start of the run; every check ends ERROR and the CLI exits 3. */
public final class CandidateUnreachable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CandidateUnreachable(String message, Throwable cause) {
        super(message, cause);
    }
}
