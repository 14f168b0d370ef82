package dev.switchboard.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/** Chooses the store once, from configuration. */
@ApplicationScoped
public class RateLimitStores {

    /** Enough for every live key of a busy replica; see {@link InMemoryRateLimitStore} for what the bound costs. */
    private static final int MEMORY_MAX_KEYS = 200_000;

    @Inject
    NanoClock clock;

    @Produces
    @ApplicationScoped
    RateLimitStore store() {
        return new InMemoryRateLimitStore(clock::nanoTime, MEMORY_MAX_KEYS);
    }
}
