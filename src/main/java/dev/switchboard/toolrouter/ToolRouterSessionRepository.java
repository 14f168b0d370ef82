package dev.switchboard.toolrouter;

import dev.switchboard.tenancy.TenantScopedRepository;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ToolRouterSessionRepository extends TenantScopedRepository<ToolRouterSessionEntity> {

    public ToolRouterSessionRepository() {
        super(ToolRouterSessionEntity.class, "Session");
    }
}
