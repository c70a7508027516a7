package org.hitcert.model;

import java.util.Collection;
import java.util.List;

/** How verdicts combine: a requirement is as bad as its worst check. */
public final class Verdicts {

    /** Worst first. NOT_APPLICABLE is weakest: PASS plus NOT_APPLICABLE is PASS. */
    private static final List<Verdict> SEVERITY = List.of(
            Verdict.FAIL, Verdict.ERROR, Verdict.INCONCLUSIVE, Verdict.ATTESTATION, Verdict.PASS, Verdict.NOT_APPLICABLE);

    private Verdicts() {
    }

    /** The worst of {@code verdicts}; empty input has no verdict (null). */
    public static Verdict worst(Collection<Verdict> verdicts) {
        return verdicts.stream().min(java.util.Comparator.comparingInt(SEVERITY::indexOf)).orElse(null);
    }

    /** Whether a requirement at {@code level} with this verdict stands in the way of certification. */
    public static boolean blocksCertification(Level level, Verdict verdict) {
        return level == Level.REQUIRED
                && (verdict == Verdict.FAIL || verdict == Verdict.ERROR || verdict == Verdict.INCONCLUSIVE);
    }
}
