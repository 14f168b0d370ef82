package dev.switchboard.ratelimit.override;

import dev.switchboard.common.cache.ConfigurationChanged;
import dev.switchboard.common.cache.ShortLivedCache;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.ratelimit.KeyKind;
import dev.switchboard.ratelimit.Limit;
import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The overrides of each tenant for the admission stage: read in one query through the reactive SQL client
 * (the gateway runs outside Hibernate sessions), kept in a short-lived cache, and dropped on every replica
 * when the tenant's configuration changes, so a new limit applies within seconds without a restart.
 */
@Singleton
public class LimitOverrides {

    private static final String LOAD = """
            select key_kind, subject, rate, time_window, burst
            from rate_limit_override
            where tenant_id = $1""";

    @Inject
    Pool pool;

    @Inject
    SwitchboardConfig config;

    private ShortLivedCache<TenantLimits> cache;

    @PostConstruct
    void createCache() {
        cache = new ShortLivedCache<>(config.cacheTtl(), 10_000);
    }

    void evict(@Observes ConfigurationChanged changed) {
        cache.evictTenant(changed.tenantId());
    }

    public Uni<TenantLimits> of(TenantId tenant) {
        return cache.get(tenant.value(), TenantLimits::tenantId, () -> load(tenant));
    }

    /** The tenant's limits when they are cached, else null ({@link #of} loads them). */
    public TenantLimits cached(TenantId tenant) {
        return cache.cached(tenant.value(), TenantLimits::tenantId, () -> load(tenant));
    }

    private Uni<TenantLimits> load(TenantId tenant) {
        return pool.preparedQuery(LOAD).execute(Tuple.of(tenant.value())).map(rows -> {
            Map<KeyKind, Map<String, Limit>> overrides = new EnumMap<>(KeyKind.class);
            for (Row row : rows) {
                overrides.computeIfAbsent(KeyKind.of(row.getString("key_kind")), kind -> new HashMap<>()).put(row.getString("subject"),
                        Limit.of(row.getLong("rate"), row.getString("time_window"), row.getLong("burst")));
            }
            return new TenantLimits(tenant.value(), Map.copyOf(overrides));
        });
    }
}
