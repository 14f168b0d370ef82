package dev.switchboard.ratelimit;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Where rate-limit counters live: in this replica's memory, or in Redis shared by every replica. One call
 * decides a request over all its keys at once, all or nothing: a refusal consumes nothing from any key.
 */
public interface RateLimitStore {

    /** Decides over {@code keys} (at least one); never fails, whatever the store's health. */
    Uni<Decision> decide(List<LimitedKey> keys);
}
