package org.hitcert.checks;

import java.util.Optional;
import org.opentest4j.TestAbortedException;

/**
 * The check could not decide; the message says why (never a PASS). A gap in the candidate file (no
 * {@code fhir-base}, no client of a role a check needs, no test user) is the special case {@link #notAssessed}: still
 * INCONCLUSIVE, so that it blocks a required requirement like any other, but the report counts and lists it apart,
 * with what to add to the candidate file. NOT_APPLICABLE is only for what the candidate's own metadata or behaviour
 * shows absent ({@link NotApplicable}).
 */
public final class Inconclusive extends TestAbortedException {

    private static final long serialVersionUID = 1L;

    /** The reason of every "not assessed" outcome starts with this; reports recognise it by it. */
    public static final String NOT_ASSESSED_PREFIX = "not assessed: ";

    /** What the candidate file lacks, for a {@link #notAssessed} outcome; null otherwise. */
    private final String lacks;

    public Inconclusive(String reason) {
        super(reason);
        this.lacks = null;
    }

    public Inconclusive(String reason, Throwable cause) {
        super(reason, cause);
        this.lacks = null;
    }

    private Inconclusive(String lacks, String add) {
        super(NOT_ASSESSED_PREFIX + "the candidate file lacks " + lacks + "; add " + add);
        this.lacks = lacks;
    }

    /**
     * Not assessed: the candidate file lacks {@code lacks} (e.g. "fhir-base"), and the tester should add {@code add}
     * (e.g. "fhir-base: https://... (the FHIR API the authorization server protects)").
     */
    public static Inconclusive notAssessed(String lacks, String add) {
        return new Inconclusive(java.util.Objects.requireNonNull(lacks, "lacks"), java.util.Objects.requireNonNull(add, "add"));
    }

    /** What the candidate file lacks, when this is a "not assessed" outcome. */
    public Optional<String> lacks() {
        return Optional.ofNullable(lacks);
    }

    /** Whether a reason is that of a "not assessed" outcome (a gap in the candidate file). */
    public static boolean isNotAssessed(String reason) {
        return reason != null && reason.startsWith(NOT_ASSESSED_PREFIX);
    }
}
