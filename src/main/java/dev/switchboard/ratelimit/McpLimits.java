package dev.switchboard.ratelimit;

import dev.switchboard.ratelimit.config.RateLimitConfig;
import dev.switchboard.ratelimit.override.LimitOverrides;
import dev.switchboard.ratelimit.override.TenantLimits;
import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The limits that apply to an MCP request, one per key kind, as keys of the store: overrides, else defaults. */
@Singleton
public class McpLimits {

    @Inject
    RateLimitConfig config;

    @Inject
    LimitOverrides overrides;

    /** Bounded: when full it starts over. */
    private static final int MAX_BUILT = 10_000;
    /**
     * The keys of recent traffic, with the overrides they were built from (a new {@link TenantLimits} once they
     * change): building them took four concatenations, four limits and their hashing on every request.
     */
    private final Map<McpTraffic, BuiltKeys> built = new ConcurrentHashMap<>();

    private record BuiltKeys(TenantLimits limits, List<LimitedKey> keys) {
    }

    public Uni<List<LimitedKey>> keysOf(McpTraffic traffic) {
        return overrides.of(new TenantId(traffic.tenantId())).map(limits -> builtKeysOf(traffic, limits));
    }

    /** The keys when the tenant's limits are cached, else null ({@link #keysOf} loads them). */
    public List<LimitedKey> keysAtOnce(McpTraffic traffic) {
        TenantLimits limits = overrides.cached(new TenantId(traffic.tenantId()));
        return limits == null ? null : builtKeysOf(traffic, limits);
    }

    private List<LimitedKey> builtKeysOf(McpTraffic traffic, TenantLimits limits) {
        BuiltKeys known = built.get(traffic);
        if (known != null && known.limits() == limits) {
            return known.keys();
        }
        List<LimitedKey> keys = new LimitedKeys(keysOf(traffic, limits));
        if (built.size() >= MAX_BUILT) {
            built.clear();
        }
        built.put(traffic, new BuiltKeys(limits, keys));
        return keys;
    }

    List<LimitedKey> keysOf(McpTraffic traffic, TenantLimits limits) {
        List<LimitedKey> keys = new ArrayList<>(4);
        // The tenant in braces: a Redis Cluster hash tag, so one request's keys live on one node.
        String tenant = "{" + traffic.tenantId() + "}";
        add(keys, KeyKind.TENANT, "t:" + tenant, limits.tenant(config.tenant().limit()));
        add(keys, KeyKind.USER, "u:" + tenant + ":" + traffic.userId(), limits.user(traffic.userId(), config.user().limit()));
        add(keys, KeyKind.SERVER, "s:" + tenant + ":" + traffic.serverId(),
                limits.server(traffic.serverId(), config.server().limit()));
        if (traffic.tool() != null) {
            add(keys, KeyKind.TOOL, "k:" + tenant + ":" + traffic.toolkit() + ":" + traffic.tool(),
                    limits.tool(traffic.toolkit(), traffic.tool(), config.tool().limit()));
        }
        return keys;
    }

    private static void add(List<LimitedKey> keys, KeyKind kind, String id, Limit limit) {
        if (!limit.isOff()) {
            keys.add(new LimitedKey(kind, id, limit));
        }
    }
}
