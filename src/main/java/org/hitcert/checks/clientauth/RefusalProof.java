package org.hitcert.checks.clientauth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what a token-endpoint probe proved, from the answers in the order they came (DESIGN rule 8): a variant's
 * refusal counts only when the valid baseline was accepted both before it and after it (a server that throttles or
 * locks the client after failures refuses everything, the baseline too, so a refusal under a lock proves nothing);
 * any variant that released a token is a FAIL whatever the baseline did (a server that locks a client after N failures
 * and also accepts {@code alg: none} fails). Also says how long to wait for a lock to lapse before the refused variants
 * are tried again: the Retry-After, up to {@link #MAX_WAIT}.
 */
final class RefusalProof {

    /** The longest lock the probe waits out at a time (a Retry-After beyond it ends the probe INCONCLUSIVE). */
    static final Duration MAX_WAIT = Duration.ofSeconds(10);
    /** The longest a probe waits for locks in all (its check's time limit must leave room for it). */
    static final Duration MAX_TOTAL_WAIT = Duration.ofSeconds(30);
    /** The wait for a lock that names no Retry-After. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(3);

    /** One answer: to the baseline ({@code variant} empty) or to the named variant. */
    record Step(Optional<String> variant, TokenAnswer answer) {
        Step {
            Objects.requireNonNull(variant, "variant");
            Objects.requireNonNull(answer, "answer");
        }

        static Step baseline(TokenAnswer answer) {
            return new Step(Optional.empty(), answer);
        }

        static Step variant(String name, TokenAnswer answer) {
            return new Step(Optional.of(name), answer);
        }
    }

    enum Kind { PASS, FAIL, INCONCLUSIVE }

    /** The outcome: the one-line reason, and the variants whose refusal is still unproven (INCONCLUSIVE). */
    record Outcome(Kind kind, String reason, List<String> unproven) {
    }

    private RefusalProof() {
    }

    /** The variants whose refusal no accepted baseline before and after proves yet (in the order first sent). */
    static List<String> unproven(List<Step> steps) {
        Set<String> sent = new LinkedHashSet<>();
        Set<String> proven = new LinkedHashSet<>();
        boolean acceptedBefore = false;
        List<String> pending = new ArrayList<>();
        for (Step s : steps) {
            if (s.variant().isEmpty()) {
                if (s.answer().tokenIssued()) {
                    proven.addAll(pending);
                    acceptedBefore = true;
                } else {
                    acceptedBefore = false;
                }
                pending.clear();
            } else {
                String v = s.variant().get();
                sent.add(v);
                if (!s.answer().tokenIssued() && acceptedBefore) {
                    pending.add(v);
                }
            }
        }
        sent.removeAll(proven);
        return List.copyOf(sent);
    }

    /** The decision over every answer so far. */
    static Outcome decide(List<Step> steps) {
        List<String> accepted = new ArrayList<>();
        List<String> lastAnswers = new ArrayList<>();
        java.util.Map<String, TokenAnswer> last = new java.util.LinkedHashMap<>();
        for (Step s : steps) {
            s.variant().ifPresent(v -> {
                last.put(v, s.answer());
                if (s.answer().tokenIssued()) {
                    accepted.add(v + " → " + s.answer().describe());
                }
            });
        }
        last.forEach((v, a) -> lastAnswers.add(v + " → " + a.describe()));
        if (!accepted.isEmpty()) {
            return new Outcome(Kind.FAIL, "the token endpoint accepted an assertion that differs from the valid baseline in "
                    + "one thing: " + String.join("; ", accepted), List.of());
        }
        List<String> unproven = unproven(steps);
        if (unproven.isEmpty()) {
            return new Outcome(Kind.PASS, "every variant was refused with no token, and the valid baseline was accepted "
                    + "before and after: " + String.join("; ", lastAnswers), List.of());
        }
        Optional<TokenAnswer> lock = lastRefusedBaseline(steps);
        return new Outcome(Kind.INCONCLUSIVE, "the refusal of " + String.join(", ", unproven) + " is unproven: "
                + lock.map(a -> "the valid baseline assertion was refused too (" + a.describe() + "), so the server "
                + "throttled or locked the client and its refusals may be the lock's, not the variants'")
                .orElse("no accepted baseline followed it") + "; let the client recover (or give the probe a client "
                + "that is not locked) and run the check again", unproven);
    }

    /** The latest baseline answer that was a refusal, if the latest baseline was refused. */
    static Optional<TokenAnswer> lastRefusedBaseline(List<Step> steps) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            Step s = steps.get(i);
            if (s.variant().isEmpty()) {
                return s.answer().tokenIssued() ? Optional.empty() : Optional.of(s.answer());
            }
        }
        return Optional.empty();
    }

    /**
     * How long to wait before trying again after {@code refusedBaseline}, having waited {@code waited} already: its
     * Retry-After (else {@link #DEFAULT_WAIT}); empty (give up) when that exceeds {@link #MAX_WAIT} or the total would
     * exceed {@link #MAX_TOTAL_WAIT}.
     */
    static Optional<Duration> waitFor(TokenAnswer refusedBaseline, Duration waited) {
        // at least a second: a Retry-After of 0 must not make the probe spin
        Duration wait = refusedBaseline.retryAfterSeconds().map(s -> Duration.ofSeconds(Math.max(1, s))).orElse(DEFAULT_WAIT);
        if (wait.compareTo(MAX_WAIT) > 0 || waited.plus(wait).compareTo(MAX_TOTAL_WAIT) > 0) {
            return Optional.empty();
        }
        return Optional.of(wait);
    }

    /** Why the probe gave up waiting: for the reason of an INCONCLUSIVE. */
    static String gaveUp(TokenAnswer refusedBaseline, Duration waited) {
        return refusedBaseline.retryAfterSeconds().filter(s -> s > MAX_WAIT.toSeconds())
                .map(s -> "the lock's Retry-After of " + s + " s exceeds the probe's bound of " + MAX_WAIT.toSeconds() + " s")
                .orElse("the probe already waited " + waited.toSeconds() + " s for the lock to lapse (bound "
                        + MAX_TOTAL_WAIT.toSeconds() + " s)");
    }
}
