package dev.switchboard.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.gateway.upstream.KeptAliveConnections.IdleLimit;
import dev.switchboard.gateway.upstream.KeptAliveConnections.Use;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How long one upstream's idle connections are reused, learned from the idle connections it closed. */
class KeptAliveConnectionsTest {

    private static final long POOL_IDLE = ms(4_000);
    private static final long T0 = ms(1_000_000);

    private final IdleLimit upstream = new IdleLimit();

    @Test
    void untilTheUpstreamClosedAnIdleConnectionNoneIsStale() {
        Use connection = connection();
        assertFalse(connection.isStale(T0), "never used");
        connection.ended(T0);
        assertFalse(connection.isStale(T0 + ms(3_999)));
    }

    @Test
    void aConnectionClosedIdleTeachesThreeQuartersOfItsIdleTimeToTheOthers() {
        closedIdleFor(ms(100));
        Use other = connection();
        other.ended(T0 + ms(200));

        assertFalse(other.isStale(T0 + ms(200 + 74)));
        assertTrue(other.isStale(T0 + ms(200 + 75)));
        other.busy();
        assertFalse(other.isStale(T0 + ms(400)), "a connection with a request on it is not idle");
    }

    @Test
    void closesWithAnAnswerAfterThePoolsOwnTimeoutOrUnderARequestTeachNothing() {
        closedIdleFor(ms(9));
        closedIdleFor(POOL_IDLE);
        Use busy = connection();
        busy.ended(T0);
        busy.busy();
        busy.closed(T0 + ms(50));

        Use other = connection();
        other.ended(T0);
        assertFalse(other.isStale(T0 + ms(3_000)));
    }

    @Test
    void theShortestIdleCloseCountsAndIsForgottenAfterTenMinutes() {
        closedIdleFor(ms(2_000));
        closedIdleFor(ms(400));
        closedIdleFor(ms(1_000));
        Use other = connection();
        other.ended(T0);
        assertTrue(other.isStale(T0 + ms(300)));

        long later = T0 + IdleLimit.FORGET_NANOS + ms(2);
        other.ended(later);
        assertFalse(other.isStale(later + ms(3_000)), "what a restart of the upstream looked like is forgotten");
        Use closed = connection();
        closed.ended(later);
        closed.closed(later + ms(2_000));
        assertTrue(other.isStale(later + ms(1_500)), "and learned again from the next idle close");
    }

    private Use connection() {
        return new Use(upstream, POOL_IDLE);
    }

    private void closedIdleFor(long idle) {
        Use closed = connection();
        closed.ended(T0);
        closed.closed(T0 + idle);
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
