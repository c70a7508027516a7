package org.hitcert.engine;

import org.junit.platform.engine.ConfigurationParameters;

/**
 * How many checks run at once: {@code hitcert.parallelism} (1 to 32; default {@link #DEFAULT}). Checks mostly wait
 * on the network, the browser and deliberate expiry waits, so a 2-core machine keeps 4 busy. 1 runs every check
 * serially on the calling thread, as before. {@link CostlyFirst} runs them on {@link #workers} threads.
 */
record Parallelism(int degree) {

    static final String KEY = Settings.PARALLELISM;
    static final int DEFAULT = 4;
    static final int MAX = 32;

    Parallelism {
        if (degree < 1 || degree > MAX) {
            throw new IllegalArgumentException(KEY + " must be 1 to " + MAX + ", not " + degree);
        }
    }

    /**
     * How many checks may have started: the degree, and room for half as many more, which run while others wait on
     * purpose (a token left to expire) and hold no place ({@link RunContext.Slot}).
     */
    static int workers(int degree) {
        return degree == 1 ? 1 : degree + Math.max(1, degree / 2);
    }

    static Parallelism from(ConfigurationParameters p) {
        return new Parallelism(p.get(KEY, String::trim).map(Integer::parseInt).orElse(DEFAULT));
    }
}
