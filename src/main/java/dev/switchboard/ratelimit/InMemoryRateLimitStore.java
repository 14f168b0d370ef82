package dev.switchboard.ratelimit;

import io.smallrye.mutiny.Uni;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counters in this replica's memory: right for one replica, the default. A key whose TAT is in the past
 * is the same as no key, so such keys are swept out whenever the map reaches its bound; if every key is
 * mostly live then, the oldest-inserted are dropped down to half the bound (each of them gets its full burst again, which is the
 * only way a bound can fail: generously).
 */
public final class InMemoryRateLimitStore implements RateLimitStore {

    private final LongSupplier nanoClock;
    private final int maxKeys;
    private final Map<String, Long> tats = new LinkedHashMap<>();

    public InMemoryRateLimitStore(LongSupplier nanoClock, int maxKeys) {
        this.nanoClock = nanoClock;
        this.maxKeys = maxKeys;
    }

    @Override
    public Uni<Decision> decide(List<LimitedKey> keys) {
        return Uni.createFrom().item(decideNow(keys));
    }

    @Override
    public Decision decideAtOnce(List<LimitedKey> keys) {
        return decideNow(keys);
    }

    /** A few map operations under one lock: short enough for the event loop. */
    synchronized Decision decideNow(List<LimitedKey> keys) {
        long now = nanoClock.getAsLong();
        if (tats.size() + keys.size() > maxKeys) {
            evict(now);
        }
        return Gcra.decide(keys, now, tats::get, tats::put);
    }

    synchronized int size() {
        return tats.size();
    }

    private void evict(long now) {
        tats.values().removeIf(tat -> tat - now <= 0);
        if (tats.size() <= maxKeys * 3 / 4) {
            return;
        }
        Iterator<Long> oldest = tats.values().iterator();
        while (tats.size() > maxKeys / 2 && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }
}
