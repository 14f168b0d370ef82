package dev.switchboard.toolrouter;

import dev.switchboard.gateway.ResolvedToolRouterSession;
import dev.switchboard.gateway.ToolRouterGrant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.authconfig.StoredCredentials;
import dev.switchboard.common.Sha256;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.ToolRouterDirectory;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a tool-router session for the gateway: the tenant's toolkits selected by the session's
 * {@code toolkits.enable}/{@code disable}, each with the auth config the session pins for it.
 */
@ApplicationScoped
public class ToolRouterSessionDirectory implements ToolRouterDirectory {

    // A disabled tenant's sessions stop working with it, whichever credential reaches them.
    private static final String SESSION = """
            select s.id, s.user_id, s.config from tool_router_session s join tenant t on t.id = s.tenant_id
            where s.tenant_id = $1 and s.id = $2 and s.expires_at > now() and t.status = 'ACTIVE'""";
    private static final String TOOLKITS = """
            select t.slug, t.mcp_url, t.transport, t.timeout_ms, %s
            from toolkit t
            left join auth_config a on a.tenant_id = t.tenant_id and a.toolkit_id = t.id and a.id = any($2)
            where t.tenant_id = $1
            order by t.slug""".formatted(StoredCredentials.COLUMNS);
    private static final String GRANT = """
            select s.id, s.tenant_id, s.user_id from tool_router_session s join tenant t on t.id = s.tenant_id
            where s.token_hash = $1 and s.expires_at > now() and t.status = 'ACTIVE'""";

    @Inject
    Pool pool;

    @Inject
    StoredCredentials credentials;

    @Inject
    ObjectMapper json;

    @Override
    public Uni<ResolvedToolRouterSession> resolve(TenantId tenant, String sessionId) {
        return pool.preparedQuery(SESSION).execute(Tuple.of(tenant.value(), sessionId)).chain(rows -> {
            if (!rows.iterator().hasNext()) {
                return Uni.createFrom().nullItem();
            }
            Row session = rows.iterator().next();
            JsonNode config = StoredSessionConfig.parse(json, session.getString("config"));
            Map<String, String> pins = new HashMap<>();
            config.path("auth_configs").fields().forEachRemaining(e -> pins.put(e.getKey(), e.getValue().asText()));
            return pool.preparedQuery(TOOLKITS).execute(Tuple.of(tenant.value(), pins.values().toArray(new String[0])))
                    .map(toolkits -> {
                        List<UpstreamTarget> upstreams = new ArrayList<>();
                        for (Row row : toolkits) {
                            String slug = row.getString("slug");
                            if (selected(config.path("toolkits"), slug)) {
                                upstreams.add(credentials.target(tenant.value(), row));
                            }
                        }
                        boolean manageConnections = config.path("manage_connections").path("enable").asBoolean(true);
                        ResolvedServer server = new ResolvedServer(tenant, sessionId, "session " + sessionId, List.of(),
                                manageConnections, true, List.copyOf(upstreams));
                        return new ResolvedToolRouterSession(server, session.getString("user_id"));
                    });
        });
    }

    @Override
    public Uni<ToolRouterGrant> grant(String token) {
        return pool.preparedQuery(GRANT).execute(Tuple.of(Sha256.hex(token))).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return null;
            }
            Row row = rows.iterator().next();
            return new ToolRouterGrant(new TenantId(row.getString("tenant_id")), row.getString("id"), row.getString("user_id"));
        });
    }

    /** A session without a toolkit selection uses all of the tenant's toolkits. */
    public static boolean selected(JsonNode selection, String slug) {
        if (selection.path("enable").isArray()) {
            return contains(selection.path("enable"), slug);
        }
        return !(selection.path("disable").isArray() && contains(selection.path("disable"), slug));
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (value.equals(element.asText())) {
                return true;
            }
        }
        return false;
    }
}
