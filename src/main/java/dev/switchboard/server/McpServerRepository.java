package dev.switchboard.server;

import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.tenancy.TenantId;
import dev.switchboard.tenancy.TenantScopedRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@ApplicationScoped
public class McpServerRepository extends TenantScopedRepository<McpServerEntity> {

    public McpServerRepository() {
        super(McpServerEntity.class, "MCP server");
    }

    /** Names are unique per tenant regardless of case. */
    public Uni<McpServerEntity> findByName(TenantId tenant, String name) {
        return findFirst(tenant, "lower(e.name) = :name", Map.of("name", name.toLowerCase(Locale.ROOT)));
    }

    public Uni<Page<McpServerEntity>> page(TenantId tenant, McpServerFilter filter, String orderBy, PageRequest page) {
        Query query = query(filter);
        return page(tenant, query.where, query.params, orderBy, page);
    }

    private record Query(String where, Map<String, Object> params) {
    }

    private static Query query(McpServerFilter filter) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.name() != null) {
            conditions.add("lower(e.name) like :name escape '!'");
            params.put("name", "%" + likeEscape(filter.name().toLowerCase(Locale.ROOT)) + "%");
        }
        if (!filter.toolkits().isEmpty()) {
            conditions.add("exists (select 1 from e.toolkits t where t.toolkitSlug in :toolkits)");
            params.put("toolkits", filter.toolkits());
        }
        if (!filter.authConfigIds().isEmpty()) {
            conditions.add("exists (select 1 from e.toolkits a where a.authConfigId in :authConfigIds)");
            params.put("authConfigIds", filter.authConfigIds());
        }
        return new Query(String.join(" and ", conditions), params);
    }

    private static String likeEscape(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
