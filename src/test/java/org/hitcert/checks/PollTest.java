package org.hitcert.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollTest {

    @Test
    void whenTheFirstObservationMeetsTheConditionThenItIsTheOnlyOne() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        Poll.Result<Integer> r = Poll.onceASecond(5, calls::incrementAndGet, n -> true);
        assertThat(r.met()).isTrue();
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.elapsedMillis()).isLessThan(1000);
    }

    @Test
    void whenTheConditionHoldsOnTheSecondObservationThenItComesAboutASecondLater() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        Poll.Result<Integer> r = Poll.onceASecond(5, calls::incrementAndGet, n -> n == 2);
        assertThat(r.met()).isTrue();
        assertThat(r.last()).isEqualTo(2);
        assertThat(r.elapsedMillis()).isBetween(900L, 4000L);
    }

    @Test
    void whenTheConditionNeverHoldsThenTheWindowBoundsTheObservations() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        Poll.Result<Integer> r = Poll.onceASecond(1, calls::incrementAndGet, n -> false);
        assertThat(r.met()).isFalse();
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(r.last()).isEqualTo(2);
    }

    @Test
    void whenTheWindowIsNegativeThenOneObservationIsMade() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        assertThat(Poll.onceASecond(-3, calls::incrementAndGet, n -> false).attempts()).isEqualTo(1);
    }
}
