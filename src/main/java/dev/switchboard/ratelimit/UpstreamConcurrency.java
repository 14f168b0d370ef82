package dev.switchboard.ratelimit;

import dev.switchboard.ratelimit.config.RateLimitConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many routed requests each (tenant, toolkit) has in flight on this replica, against the configured
 * ceiling. Replica-local on purpose: a slot is held for as long as a call streams, and a shared count
 * would have to survive replicas that die holding slots; N replicas admit at most N times the ceiling.
 */
@Singleton
public class UpstreamConcurrency {

    @Inject
    RateLimitConfig config;

    /** A counter per (tenant, toolkit) ever called, kept at zero rather than removed: taking a slot is then a lookup and a CAS. */
    private final ConcurrentHashMap<Toolkit, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    private record Toolkit(String tenantId, String slug) {
    }

    /** The ceiling per (tenant, toolkit); 0 when there is none. */
    public int limit() {
        return Math.max(0, config.toolkitConcurrency());
    }

    /**
     * Takes a slot: what gives it back, or null when the toolkit has {@link #limit()} calls in flight already. The
     * slot is its counter, so giving it back looks nothing up (once per call, on the answer's way out).
     */
    public Slot acquire(String tenantId, String toolkit) {
        int limit = limit();
        if (limit == 0) {
            return Slot.UNCOUNTED;
        }
        AtomicInteger calls = inFlight.computeIfAbsent(new Toolkit(tenantId, toolkit), key -> new AtomicInteger());
        for (int current = calls.get(); current < limit; current = calls.get()) {
            if (calls.compareAndSet(current, current + 1)) {
                return new Slot(calls);
            }
        }
        return null;
    }

    /** A call's place among its toolkit's calls in flight; {@link #release()} at most once per call (its caller sees to that). */
    public static final class Slot {

        static final Slot UNCOUNTED = new Slot(null);

        private final AtomicInteger calls;

        private Slot(AtomicInteger calls) {
            this.calls = calls;
        }

        public void release() {
            if (calls != null) {
                calls.updateAndGet(current -> Math.max(0, current - 1));
            }
        }
    }
}
