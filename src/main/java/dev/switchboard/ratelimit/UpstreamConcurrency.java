package dev.switchboard.ratelimit;

import dev.switchboard.ratelimit.config.RateLimitConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many routed requests each (tenant, toolkit) has in flight on this replica, against the configured
 * ceiling. Replica-local on purpose: a slot is held for as long as a call streams, and a shared count
 * would have to survive replicas that die holding slots; N replicas admit at most N times the ceiling.
 */
@Singleton
public class UpstreamConcurrency {

    @Inject
    RateLimitConfig config;

    private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

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
        boolean[] acquired = {false};
        inFlight.compute(tenantId + "/" + toolkit, (key, count) -> {
            int current = count == null ? 0 : count;
            acquired[0] = current < limit;
            return acquired[0] ? current + 1 : count;
        });
        return acquired[0];
    }

    /** Gives back a slot taken by {@link #tryAcquire}. */
    public void release(String tenantId, String toolkit) {
        if (limit() == 0) {
            return;
        }
        inFlight.computeIfPresent(tenantId + "/" + toolkit, (key, count) -> count <= 1 ? null : count - 1);
    }
}
