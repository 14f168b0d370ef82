package dev.switchboard.ratelimit;

/**
 * A store's answer for one request over all its keys. {@code binding} is the key that refused it, or, when
 * admitted, the one with the fewest requests left. Times are relative to the decision, in nanoseconds.
 */
public record Decision(boolean admitted, LimitedKey binding, long remaining, long retryAfterNanos, long resetNanos) {

    /** The request was charged to no key (no limit applies to it). */
    public static final Decision UNLIMITED = new Decision(true, null, Long.MAX_VALUE, 0, 0);
}
