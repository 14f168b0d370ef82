package dev.switchboard.ratelimit;

import dev.switchboard.ratelimit.config.RateLimitConfig;
import dev.switchboard.ratelimit.redis.RedisRateLimitStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Chooses the store once, from configuration. */
@ApplicationScoped
public class RateLimitStores {

    /** Enough for every live key of a busy replica; see {@link InMemoryRateLimitStore} for what the bound costs. */
    private static final int MEMORY_MAX_KEYS = 200_000;

    @Inject
    NanoClock clock;

    @Inject
    RateLimitConfig config;

    @Inject
    MeterRegistry metrics;

    /** Looked up only when chosen, so nothing talks to Redis unless the store is Redis. */
    @Inject
    Instance<RedisRateLimitStore> redis;

    /** Application-scoped: the management API's request filter is built at static init, before the configuration. */
    @Produces
    @ApplicationScoped
    RateLimitStore store() {
        if (config.store() == RateLimitConfig.StoreKind.REDIS) {
            return redis.get();
        }
        InMemoryRateLimitStore memory = new InMemoryRateLimitStore(clock::nanoTime, MEMORY_MAX_KEYS);
        Timer latency = Timer.builder("switchboard.ratelimit.store.latency").tag("store", "memory")
                .description("How long the rate-limit store took to decide").publishPercentileHistogram().register(metrics);
        // The memory store decides when asked (its Uni only carries the decision), so timing the call times the
        // decision, its wait for the store's lock included.
        return new RateLimitStore() {
            @Override
            public Uni<Decision> decide(List<LimitedKey> keys) {
                return Uni.createFrom().item(decideAtOnce(keys));
            }

            @Override
            public Decision decideAtOnce(List<LimitedKey> keys) {
                long started = System.nanoTime();
                try {
                    return memory.decideNow(keys);
                } finally {
                    latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                }
            }
        };
    }
}
