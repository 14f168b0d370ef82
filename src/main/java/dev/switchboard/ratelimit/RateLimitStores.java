package dev.switchboard.ratelimit;

import dev.switchboard.ratelimit.config.RateLimitConfig;
import dev.switchboard.ratelimit.redis.RedisRateLimitStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/** Chooses the store once, from configuration. */
@ApplicationScoped
public class RateLimitStores {

    /** Enough for every live key of a busy replica; see {@link InMemoryRateLimitStore} for what the bound costs. */
    private static final int MEMORY_MAX_KEYS = 200_000;

    @Inject
    NanoClock clock;

    @Inject
    RateLimitConfig config;

    /** Looked up only when chosen, so nothing talks to Redis unless the store is Redis. */
    @Inject
    Instance<RedisRateLimitStore> redis;

    @Produces
    @ApplicationScoped
    RateLimitStore store() {
        if (config.store() == RateLimitConfig.StoreKind.REDIS) {
            return redis.get();
        }
        return new InMemoryRateLimitStore(clock::nanoTime, MEMORY_MAX_KEYS);
    }
}
