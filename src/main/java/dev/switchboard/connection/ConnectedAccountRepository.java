package dev.switchboard.connection;

import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.tenancy.TenantId;
import dev.switchboard.tenancy.TenantScopedRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class ConnectedAccountRepository extends TenantScopedRepository<ConnectedAccountEntity> {

    public ConnectedAccountRepository() {
        super(ConnectedAccountEntity.class, "Connected account");
    }

    public Uni<Page<ConnectedAccountEntity>> page(TenantId tenant, ConnectedAccountFilter filter, PageRequest page) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (!filter.userIds().isEmpty()) {
            conditions.add("e.userId in :userIds");
            params.put("userIds", filter.userIds());
        }
        if (!filter.toolkitSlugs().isEmpty()) {
            conditions.add("e.authConfig.toolkit.slug in :toolkitSlugs");
            params.put("toolkitSlugs", filter.toolkitSlugs());
        }
        if (!filter.authConfigIds().isEmpty()) {
            conditions.add("e.authConfig.id in :authConfigIds");
            params.put("authConfigIds", filter.authConfigIds());
        }
        if (!filter.accountIds().isEmpty()) {
            conditions.add("e.id in :accountIds");
            params.put("accountIds", filter.accountIds());
        }
        if (!filter.statuses().isEmpty()) {
            // What the API answers: a disabled account is INACTIVE whatever it reached.
            // An initiation past its window reads EXPIRED before the sweep writes it (ConnectedAccountEntity.effectiveStatus).
            String reached = "(e.disabled = false and (case when e.status = 'INITIATED' and e.initiatedAt < :initiationCutoff"
                    + " then 'EXPIRED' else e.status end) in :statuses)";
            params.put("initiationCutoff", java.time.Instant.now().minus(ConnectedAccountEntity.INITIATION_WINDOW));
            conditions.add(filter.statuses().contains(AccountStatus.INACTIVE) ? "(" + reached + " or e.disabled = true)" : reached);
            params.put("statuses", filter.statuses().stream().map(Enum::name).toList());
        }
        String property = "updated_at".equals(filter.orderBy()) ? "updatedAt" : "createdAt";
        String direction = filter.ascending() ? "asc" : "desc";
        return page(tenant, String.join(" and ", conditions), params,
                "e." + property + " " + direction + ", e.id " + direction, page);
    }

    /** How many accounts each of these auth configs has (absent: none). */
    public Uni<Map<String, Long>> countByAuthConfig(TenantId tenant, Collection<String> authConfigIds) {
        if (authConfigIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return select(tenant, "e.authConfig.id, count(e)", "e.authConfig.id in :ids", Map.of("ids", authConfigIds),
                "group by e.authConfig.id", Object[].class)
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    rows.forEach(row -> counts.put((String) row[0], (Long) row[1]));
                    return counts;
                });
    }
}
