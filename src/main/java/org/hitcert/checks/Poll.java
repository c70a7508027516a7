package org.hitcert.checks;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded polling for checks that give a candidate a short window (a cache, a propagation delay): observe at once,
 * then once a second, until the observation satisfies the condition or the window ends. At most {@link #MAX_SECONDS}.
 */
public final class Poll {

    /** The longest window a plan parameter may ask for. */
    public static final long MAX_SECONDS = 300;

    /** The last observation, whether it met the condition, and when it was made (ms after the first). */
    public record Result<T>(T last, boolean met, long elapsedMillis, int attempts) {
    }

    private Poll() {
    }

    /** Observes at 0, 1, …, {@code windowSeconds} s (clamped to 0 … {@link #MAX_SECONDS}) until {@code met} holds. */
    public static <T> Result<T> onceASecond(long windowSeconds, Supplier<T> observe, Predicate<T> met)
            throws InterruptedException {
        long window = Math.max(0, Math.min(windowSeconds, MAX_SECONDS));
        long start = System.nanoTime();
        T last = null;
        int attempts = 0;
        for (long attempt = 0; attempt <= window; attempt++) {
            long due = start + attempt * 1_000_000_000L - System.nanoTime();
            if (due > 0) {
                Thread.sleep(due / 1_000_000L);
            }
            last = observe.get();
            attempts++;
            if (met.test(last)) {
                return new Result<>(last, true, (System.nanoTime() - start) / 1_000_000L, attempts);
            }
        }
        return new Result<>(last, false, (System.nanoTime() - start) / 1_000_000L, attempts);
    }
}
