package dev.switchboard.ratelimit;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The generic cell rate algorithm over several keys at once, as pure arithmetic: each key keeps one number,
 * its theoretical arrival time (TAT). A request is admitted only if every key admits it, and only then are
 * the keys' new TATs written, so a refused request consumes nothing. The Redis store's Lua script is the
 * same arithmetic; this class is its reference.
 */
public final class Gcra {

    private Gcra() {
    }

    /**
     * Decides at {@code now} (nanoseconds of any monotonic clock); {@code tat} reads a key's TAT (null when
     * it has none), {@code write} stores a key's new TAT, called only when the request is admitted.
     */
    public static Decision decide(List<LimitedKey> keys, long now, Function<String, Long> tat, BiConsumer<String, Long> write) {
        long[] newTats = new long[keys.size()];
        LimitedKey refusedBy = null;
        long retryAfter = 0;
        for (int i = 0; i < keys.size(); i++) {
            Limit limit = keys.get(i).limit();
            Long stored = tat.apply(keys.get(i).id());
            long current = stored == null ? now : Math.max(stored, now);
            if (current - now > limit.toleranceNanos()) {
                // Written under a stricter limit (the current one never lets a TAT run that far ahead): a raised
                // limit admits this request at once and counts the key as fully used after it.
                current = now + limit.toleranceNanos() - limit.emissionIntervalNanos();
            }
            long newTat = current + limit.emissionIntervalNanos();
            long allowAt = newTat - limit.toleranceNanos();
            if (allowAt > now && allowAt - now > retryAfter) {
                refusedBy = keys.get(i);
                retryAfter = allowAt - now;
            }
            newTats[i] = newTat;
        }
        if (refusedBy != null) {
            return new Decision(false, refusedBy, 0, retryAfter, retryAfter);
        }
        LimitedKey binding = null;
        long fewest = Long.MAX_VALUE;
        long reset = 0;
        for (int i = 0; i < keys.size(); i++) {
            Limit limit = keys.get(i).limit();
            write.accept(keys.get(i).id(), newTats[i]);
            long remaining = (limit.toleranceNanos() - (newTats[i] - now)) / limit.emissionIntervalNanos();
            if (remaining < fewest) {
                fewest = remaining;
                binding = keys.get(i);
                reset = newTats[i] - now;
            }
        }
        return binding == null ? Decision.UNLIMITED : new Decision(true, binding, fewest, 0, reset);
    }
}
