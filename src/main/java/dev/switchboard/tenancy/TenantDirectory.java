package dev.switchboard.tenancy;

import dev.switchboard.common.SecureIds;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Tenant lookups for the authentication path. Authentication runs before any Hibernate session
 * exists, so this reads through the reactive SQL client; idempotent inserts make concurrent
 * provisioning (two replicas, two first requests) safe.
 */
@ApplicationScoped
public class TenantDirectory {

    public record TenantRef(TenantId id, String name, boolean active) {
    }

    @Inject
    Pool pool;

    public Uni<TenantRef> findByName(String name) {
        return pool.preparedQuery("select id, name, status from tenant where name = $1")
                .execute(Tuple.of(name))
                .map(rows -> rows.iterator().hasNext() ? toRef(rows.iterator().next()) : null);
    }

    /** Creates the tenant when absent (an active one) and answers the stored row either way. */
    public Uni<TenantRef> provision(String name) {
        return pool.preparedQuery("""
                        insert into tenant (id, name, display_name, status, created_at, updated_at)
                        values ($1, $2, $2, 'ACTIVE', now(), now())
                        on conflict (name) do nothing""")
                .execute(Tuple.of(SecureIds.newId(TenantEntity.ID_PREFIX), name))
                .chain(() -> findByName(name));
    }

    private static TenantRef toRef(Row row) {
        return new TenantRef(new TenantId(row.getString("id")), row.getString("name"),
                TenantEntity.Status.ACTIVE.name().equals(row.getString("status")));
    }
}
