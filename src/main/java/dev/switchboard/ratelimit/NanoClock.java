package dev.switchboard.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;

/** The in-memory store's clock: a bean, so a test can move time instead of sleeping. */
@ApplicationScoped
public class NanoClock {

    public long nanoTime() {
        return System.nanoTime();
    }
}
