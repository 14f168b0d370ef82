package dev.switchboard.identity.apikey;

import dev.switchboard.common.SecureIds;
import dev.switchboard.common.Sha256;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.identity.Roles;
import dev.switchboard.tenancy.TenantDirectory;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * First use and automation: when {@code SWITCHBOARD_BOOTSTRAP_API_KEY} is set, start-up makes sure its
 * tenant and an admin key with that value exist. Idempotent, and safe when replicas start together.
 */
@ApplicationScoped
public class BootstrapKey {

    private static final Logger LOG = Logger.getLogger(BootstrapKey.class);

    @Inject
    SwitchboardConfig config;

    @Inject
    TenantDirectory tenants;

    @Inject
    Pool pool;

    void onStart(@Observes StartupEvent event) {
        config.bootstrap().apiKey().filter(k -> !k.isBlank()).ifPresent(key ->
                ensure(config.bootstrap().tenant(), key.trim(), config.bootstrap().platformAdmin())
                        .await().atMost(Duration.ofSeconds(30)));
    }

    Uni<Void> ensure(String tenantName, String key, boolean platformAdmin) {
        return tenants.provision(tenantName).chain(tenant -> pool.preparedQuery("""
                        insert into api_key (id, tenant_id, name, role, platform_admin, key_hash, key_prefix, created_by, created_at)
                        values ($1, $2, 'bootstrap', $3, $4, $5, $6, 'bootstrap', now())
                        on conflict (key_hash) do update set platform_admin = excluded.platform_admin
                        returning tenant_id, revoked_at""")
                .execute(Tuple.from(new Object[] {SecureIds.newId(ApiKeyEntity.ID_PREFIX), tenant.id().value(),
                        Roles.ADMIN, platformAdmin, Sha256.hex(key), key.substring(0, Math.min(12, key.length()))}))
                .invoke(rows -> {
                    var row = rows.iterator().next();
                    if (row.getValue("revoked_at") != null) {
                        LOG.warn("The bootstrap API key has been revoked; it stays revoked");
                    } else {
                        LOG.infof("Bootstrap API key ready for tenant '%s'%s", tenantName,
                                platformAdmin ? " (platform admin)" : "");
                    }
                }))
                .replaceWithVoid();
    }
}
