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

    /** Takes a slot, or answers false when the toolkit has {@link #limit()} calls in flight already. */
    public boolean tryAcquire(String tenantId, String toolkit) {
        int limit = limit();
        if (limit == 0) {
            return true;
        }
        AtomicInteger calls = inFlight.computeIfAbsent(new Toolkit(tenantId, toolkit), key -> new AtomicInteger());
        for (int current = calls.get(); current < limit; current = calls.get()) {
            if (calls.compareAndSet(current, current + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Gives back a slot taken by {@link #tryAcquire}. */
    public void release(String tenantId, String toolkit) {
        if (limit() == 0) {
            return;
        }
        AtomicInteger calls = inFlight.get(new Toolkit(tenantId, toolkit));
        if (calls != null) {
            calls.updateAndGet(current -> Math.max(0, current - 1));
        }
    }
}
