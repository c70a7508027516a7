package org.hitcert.model;

/** The outcome of one check against one candidate. */
public enum Verdict {
    /** The requirement was observed to hold. */
    PASS,
    /** The requirement was observed to be violated. */
    FAIL,
    /** The suite could not decide; the reason says why. Never counts as PASS. */
    INCONCLUSIVE,
    /** An optional feature is absent, as the candidate's own metadata says. */
    NOT_APPLICABLE,
    /** The suite or its input broke; the reason says where. */
    ERROR,
    /** Only a human's evidence can decide; never counts as PASS. */
    ATTESTATION
}
