package dev.switchboard.support;

import java.time.Duration;
import java.util.function.IntSupplier;

/** For what other replicas learn "within seconds": asks again, with a bound, instead of asserting at once. */
public final class Eventually {

    private Eventually() {
    }

    /** Asks until the status is the expected one or the time is up; answers the last status. */
    public static int within(Duration limit, int expected, IntSupplier status) {
        long deadline = System.nanoTime() + limit.toNanos();
        int last = status.getAsInt();
        while (last != expected && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
            last = status.getAsInt();
        }
        return last;
    }
}
