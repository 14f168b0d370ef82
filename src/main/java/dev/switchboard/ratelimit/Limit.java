package dev.switchboard.ratelimit;

/**
 * A rate limit: {@code rate} requests per {@code window} on average, and up to {@code burst} at once after
 * a quiet period. A rate of 0 (or less) means no limit.
 */
public record Limit(long rate, LimitWindow window, long burst) {

    public static final Limit NONE = new Limit(0, LimitWindow.SECOND, 0);

    public Limit {
        burst = rate > 0 ? Math.max(1, burst) : 0;
    }

    /** A limit as stored: the window by its label, no burst meaning the rate. */
    public static Limit of(long rate, String window, Long burst) {
        return new Limit(rate, LimitWindow.valueOf(window.toUpperCase(java.util.Locale.ROOT)), burst == null ? rate : burst);
    }

    public boolean isOff() {
        return rate <= 0;
    }

    /** GCRA's emission interval: the time one request's permit takes to come back. */
    public long emissionIntervalNanos() {
        return Math.max(1, window.length().toNanos() / rate);
    }

    /** How far ahead of now the theoretical arrival time may run: the burst, in time. */
    public long toleranceNanos() {
        return emissionIntervalNanos() * burst;
    }
}
