package dev.switchboard.server;

import dev.switchboard.authconfig.StoredCredentials;
import dev.switchboard.common.StringListJsonConverter;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.ServerDirectory;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a server for the gateway in one SQL round trip. The gateway runs on plain Vert.x routes,
 * outside any Hibernate session, so this reads through the reactive SQL client; the tenant is part of
 * the query like everywhere else.
 */
@ApplicationScoped
public class McpServerDirectory implements ServerDirectory {

    private static final String RESOLVE = """
            select s.id, s.name, s.allowed_tools, s.manage_connections, s.tool_name_prefix,
                   t.slug, t.mcp_url, t.transport, t.timeout_ms,
                   %s
            from mcp_server s
            left join mcp_server_toolkit st on st.server_id = s.id
            left join toolkit t on t.id = st.toolkit_id and t.tenant_id = s.tenant_id
            left join auth_config a on a.id = st.auth_config_id and a.tenant_id = s.tenant_id
            where s.tenant_id = $1 and s.id = $2
            order by st.position""".formatted(StoredCredentials.COLUMNS);

    private static final StringListJsonConverter LISTS = new StringListJsonConverter();

    @Inject
    Pool pool;

    @Inject
    StoredCredentials credentials;

    @Override
    public Uni<ResolvedServer> resolve(TenantId tenant, String serverId) {
        return pool.preparedQuery(RESOLVE).execute(Tuple.of(tenant.value(), serverId)).map(rows -> toServer(tenant, rows));
    }

    private ResolvedServer toServer(TenantId tenant, RowSet<Row> rows) {
        if (!rows.iterator().hasNext()) {
            return null;
        }
        Row first = rows.iterator().next();
        List<UpstreamTarget> upstreams = new ArrayList<>();
        for (Row row : rows) {
            if (row.getString("slug") != null) {
                upstreams.add(credentials.target(tenant.value(), row));
            }
        }
        return new ResolvedServer(tenant, first.getString("id"), first.getString("name"),
                LISTS.convertToEntityAttribute(first.getString("allowed_tools")), first.getBoolean("manage_connections"),
                first.getBoolean("tool_name_prefix"),
                List.copyOf(upstreams));
    }
}
