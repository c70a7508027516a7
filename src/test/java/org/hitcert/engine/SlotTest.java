package org.hitcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A check in a deliberate wait gives its place to another check, and takes one again before it goes on. */
class SlotTest {

    @Test
    void whenACheckPausesThenItsPlaceIsFreeMeanwhileAndHeldAgainAfter() throws Exception {
        Semaphore places = new Semaphore(1, true);
        places.acquire();
        RunContext.Slot slot = new RunContext.Slot(places, true);
        Thread waiting = pausing(slot, 300);
        assertThat(places.tryAcquire(2, TimeUnit.SECONDS)).as("another check gets the place during the wait").isTrue();
        Thread.sleep(500);
        assertThat(waiting.isAlive()).as("the paused check waits for a place after its pause").isTrue();
        places.release();
        waiting.join(2000);
        assertThat(waiting.isAlive()).isFalse();
        assertThat(places.availablePermits()).as("the paused check holds the place again").isZero();
        slot.end();
        assertThat(places.availablePermits()).isEqualTo(1);
    }

    @Test
    void whenTheCheckEndsWhileItWaitsForAPlaceThenNoPlaceIsLostOrGained() throws Exception {
        Semaphore places = new Semaphore(1, true);
        places.acquire();
        RunContext.Slot slot = new RunContext.Slot(places, true);
        Thread waiting = new Thread(() -> {
            try {
                slot.pause(Duration.ofMillis(50));
            } catch (InterruptedException expected) {
                // the check ended meanwhile
            }
        });
        waiting.start();
        assertThat(places.tryAcquire(2, TimeUnit.SECONDS)).isTrue(); // another check takes the place and keeps it
        Thread.sleep(300);
        slot.end(); // the time-out ended the paused check: it holds nothing, so nothing is released
        waiting.join(2000);
        assertThat(waiting.isAlive()).isFalse();
        assertThat(places.availablePermits()).isZero();
        places.release();
        assertThat(places.availablePermits()).isEqualTo(1);
    }

    @Test
    void whenTheRunIsSerialThenAPauseOnlySleeps() throws Exception {
        Semaphore places = new Semaphore(1, true);
        places.acquire();
        RunContext.Slot slot = new RunContext.Slot(places, false);
        slot.pause(Duration.ofMillis(10));
        assertThat(places.availablePermits()).isZero();
        slot.end();
        assertThat(places.availablePermits()).isEqualTo(1);
        slot.end();
        assertThat(places.availablePermits()).as("ending twice releases once").isEqualTo(1);
        assertThat(Parallelism.workers(1)).isEqualTo(1);
        assertThat(Parallelism.workers(4)).isEqualTo(6);
    }

    @Test
    void whenACheckPausesThenACheckThatRunsAloneRunsMeanwhileAndTheCheckGoesOnOnlyAfterIt() throws Exception {
        Semaphore places = new Semaphore(2, true);
        Semaphore state = new Semaphore(RunContext.STATE_SHARES, true);
        places.acquire();
        state.acquire(1);
        RunContext.Slot slot = new RunContext.Slot(places, state, 1, true);
        Thread waiting = pausing(slot, 200);
        assertThat(state.tryAcquire(RunContext.STATE_SHARES, 2, TimeUnit.SECONDS))
                .as("a check that runs alone gets every share while the other check waits on purpose").isTrue();
        Thread.sleep(500);
        assertThat(waiting.isAlive()).as("the paused check does not go on while the lone check runs").isTrue();
        assertThat(places.availablePermits()).as("and holds no place meanwhile").isEqualTo(2);
        state.release(RunContext.STATE_SHARES);
        waiting.join(2000);
        assertThat(waiting.isAlive()).isFalse();
        assertThat(state.availablePermits()).isEqualTo(RunContext.STATE_SHARES - 1);
        assertThat(places.availablePermits()).isEqualTo(1);
        slot.end();
        assertThat(state.availablePermits()).isEqualTo(RunContext.STATE_SHARES);
        assertThat(places.availablePermits()).isEqualTo(2);
    }

    @Test
    void whenACheckThatRunsAlonePausesThenItKeepsEveryShare() throws Exception {
        Semaphore places = new Semaphore(2, true);
        Semaphore state = new Semaphore(RunContext.STATE_SHARES, true);
        places.acquire();
        state.acquire(RunContext.STATE_SHARES);
        RunContext.Slot slot = new RunContext.Slot(places, state, RunContext.STATE_SHARES, true);
        Thread waiting = pausing(slot, 300);
        assertThat(state.tryAcquire(1, 100, TimeUnit.MILLISECONDS)).as("no other check starts during its wait").isFalse();
        waiting.join(2000);
        slot.end();
        assertThat(state.availablePermits()).isEqualTo(RunContext.STATE_SHARES);
        assertThat(places.availablePermits()).isEqualTo(2);
    }

    /** A check's thread that pauses {@code millis}, started. */
    private static Thread pausing(RunContext.Slot slot, long millis) {
        Thread waiting = new Thread(() -> {
            try {
                slot.pause(Duration.ofMillis(millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiting.start();
        return waiting;
    }
}
