package org.hitcert.support;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One browser login per account at a time, across the whole run. Servers with brute-force protection refuse a login of
 * an account while another login of the same account is under way, with no wrong password sent; checks that start
 * together would otherwise log the same user in at once and fail at random. Every browser login (the shared flows' and
 * the checks' own) takes its account's turn first, and holds it until the login ends; waits are bounded
 * ({@link #MAX_WAIT}). Keyed by username, so two roles that sign in with one account share the turn. Reentrant: a flow
 * that holds the turn may run a login inside it.
 */
public final class UserLogins {

    /** The longest a login waits for another login of its account to end. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private final Map<String, ReentrantLock> turns = new ConcurrentHashMap<>();

    /** A login's turn: held until closed. {@code waited} says whether another login of the account held it first. */
    public static final class Turn implements AutoCloseable {
        /** A turn that holds nothing: for a flow of no run (tests, tools). */
        public static final Turn NONE = new Turn(null, false);

        private final ReentrantLock lock;
        private final boolean waited;
        private boolean closed;

        private Turn(ReentrantLock lock, boolean waited) {
            this.lock = lock;
            this.waited = waited;
        }

        /** Whether another login of this account was under way when the turn was asked for. */
        public boolean waited() {
            return waited;
        }

        @Override
        public void close() {
            if (!closed && lock != null) {
                closed = true;
                lock.unlock();
            }
        }
    }

    /**
     * The turn of the account {@code username}, once no other login of it is under way: waits at most {@code max}, and
     * is empty when that was not enough (or the thread was interrupted).
     */
    public Optional<Turn> take(String username, Duration max) {
        ReentrantLock lock = turns.computeIfAbsent(username, u -> new ReentrantLock(true));
        if (lock.tryLock()) {
            return Optional.of(new Turn(lock, false));
        }
        try {
            return lock.tryLock(max.toNanos(), TimeUnit.NANOSECONDS) ? Optional.of(new Turn(lock, true)) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Whether a login of {@code username} is under way on another thread now (tests). */
    boolean busy(String username) {
        ReentrantLock lock = turns.get(username);
        return lock != null && lock.isLocked() && !lock.isHeldByCurrentThread();
    }
}
