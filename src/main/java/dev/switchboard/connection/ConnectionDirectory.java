package dev.switchboard.connection;

import dev.switchboard.gateway.UserConnectionDirectory;
import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads a user's accounts for the gateway's connection tools, by SQL (the gateway runs outside Hibernate). */
@ApplicationScoped
public class ConnectionDirectory implements UserConnectionDirectory {

    private static final String SELECT = """
            select ca.id, t.slug, a.id as auth_config_id, a.auth_scheme, ca.status, ca.disabled, ca.status_reason, ca.updated_at
            from connected_account ca
            join auth_config a on a.id = ca.auth_config_id and a.tenant_id = ca.tenant_id
            join toolkit t on t.id = a.toolkit_id and t.tenant_id = ca.tenant_id
            where ca.tenant_id = $1 and ca.user_id = $2""";
    private static final String OF_TOOLKITS = SELECT + " and t.slug = any($3) order by ca.updated_at desc, ca.id desc limit 100";
    private static final String ONE = SELECT + " and ca.id = $3";

    @Inject
    Pool pool;

    @Override
    public Uni<List<Connection>> connections(TenantId tenant, String userId, Collection<String> toolkitSlugs) {
        return pool.preparedQuery(OF_TOOLKITS).execute(Tuple.of(tenant.value(), userId, toolkitSlugs.toArray(new String[0])))
                .map(ConnectionDirectory::toConnections);
    }

    @Override
    public Uni<Connection> connection(TenantId tenant, String userId, String accountId) {
        return pool.preparedQuery(ONE).execute(Tuple.of(tenant.value(), userId, accountId))
                .map(rows -> toConnections(rows).stream().findFirst().orElse(null));
    }

    private static List<Connection> toConnections(RowSet<Row> rows) {
        List<Connection> found = new ArrayList<>();
        for (Row row : rows) {
            String status = row.getBoolean("disabled") ? AccountStatus.INACTIVE.name() : row.getString("status");
            found.add(new Connection(row.getString("id"), row.getString("slug"), row.getString("auth_config_id"),
                    row.getString("auth_scheme"), status, row.getString("status_reason"),
                    row.getOffsetDateTime("updated_at").toInstant()));
        }
        return found;
    }
}
