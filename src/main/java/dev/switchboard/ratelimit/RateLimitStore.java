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

    /**
     * The decision over {@code keys} when this store makes it without waiting (it holds its counters itself), else
     * null: then {@link #decide} is the way. Lets the gateway's admission go on without building a {@code Uni}.
     */
    default Decision decideAtOnce(List<LimitedKey> keys) {
        return null;
    }
}
