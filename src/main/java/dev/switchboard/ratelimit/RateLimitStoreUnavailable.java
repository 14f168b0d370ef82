package dev.switchboard.ratelimit;

/** The shared store could not decide and the limits fail closed: the request is refused (503). */
public final class RateLimitStoreUnavailable extends RuntimeException {

    public RateLimitStoreUnavailable() {
        super("Rate limits cannot be checked right now (their store is unreachable); retry shortly", null, false, false);
    }
}
