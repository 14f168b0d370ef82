package dev.switchboard.ratelimit.config;

import dev.switchboard.ratelimit.Limit;
import dev.switchboard.ratelimit.LimitWindow;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Rate limits ({@code switchboard.ratelimit.*}, env {@code SWITCHBOARD_RATELIMIT_…}): the defaults for every
 * tenant, and where counters live. A rate of 0 turns a limit off; overrides per tenant, server, user and
 * tool are data (the rate limits API).
 */
@ConfigMapping(prefix = "switchboard.ratelimit")
public interface RateLimitConfig {

    /** {@code memory} (this replica only; the default) or {@code redis} (shared by every replica). */
    @WithDefault("memory")
    StoreKind store();

    /** Whether MCP requests are admitted (true) or refused with 503 (false) while Redis cannot be reached. */
    @WithDefault("true")
    boolean failOpen();

    /**
     * At most this many routed requests (tool calls and the like) in flight to one toolkit of one tenant, per
     * replica; 0 means no ceiling.
     */
    @WithDefault("100")
    int toolkitConcurrency();

    /** The Redis store (its address is {@code quarkus.redis.hosts}, env {@code SWITCHBOARD_REDIS_URL}). */
    Redis redis();

    /** Every MCP request of a tenant. */
    Setting tenant();

    /** Every MCP request of one user of a tenant. */
    Setting user();

    /** Every MCP request to one server (or tool-router session). */
    Setting server();

    /** Every {@code tools/call} of one tool. */
    Setting tool();

    interface Redis {
        /** Where Redis is: the Quarkus client's {@code quarkus.redis.hosts} unless set apart. */
        @WithDefault("${quarkus.redis.hosts}")
        String url();

        /** How long one decision may take before Redis counts as unreachable. */
        @WithDefault("PT0.5S")
        Duration timeout();

        /** Put before every counter's key, so several installations (or tests) can share one Redis. */
        @WithDefault("switchboard:ratelimit:")
        String keyPrefix();
    }

    /** Every management API request of one principal (API key or SSO user). */
    Setting management();

    enum StoreKind {
        MEMORY, REDIS
    }

    /** One default limit. */
    interface Setting {
        /** Requests per window; 0 means no limit. */
        @WithDefault("0")
        long rate();

        @WithDefault("second")
        LimitWindow window();

        /** Requests admitted at once after a quiet period; the rate when absent or 0. */
        Optional<Long> burst();

        default Limit limit() {
            return new Limit(rate(), window(), burst().filter(burst -> burst > 0).orElse(rate()));
        }
    }
}
