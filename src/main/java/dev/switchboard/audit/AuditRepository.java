package dev.switchboard.audit;

import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.tenancy.TenantId;
import dev.switchboard.tenancy.TenantScopedRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class AuditRepository extends TenantScopedRepository<AuditEventEntity> {

    public AuditRepository() {
        super(AuditEventEntity.class, "Audit event");
    }

    /** Newest first, optionally narrowed to an action, a server and a user. */
    @WithSession
    public Uni<Page<AuditEventEntity>> search(TenantId tenant, String action, String serverId, String userId, PageRequest page) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (action != null && !action.isBlank()) {
            conditions.add("e.action = :action");
            params.put("action", action);
        }
        if (serverId != null && !serverId.isBlank()) {
            conditions.add("e.serverId = :serverId");
            params.put("serverId", serverId);
        }
        if (userId != null && !userId.isBlank()) {
            conditions.add("e.userId = :userId");
            params.put("userId", userId);
        }
        return page(tenant, String.join(" and ", conditions), params, "e.createdAt desc, e.id desc", page);
    }
}
