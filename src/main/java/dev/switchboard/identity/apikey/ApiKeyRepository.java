package dev.switchboard.identity.apikey;

import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.tenancy.TenantId;
import dev.switchboard.tenancy.TenantScopedRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

@ApplicationScoped
public class ApiKeyRepository extends TenantScopedRepository<ApiKeyEntity> {

    public ApiKeyRepository() {
        super(ApiKeyEntity.class, "API key");
    }

    public Uni<Page<ApiKeyEntity>> page(TenantId tenant, PageRequest page) {
        return page(tenant, "", Map.of(), "e.createdAt desc, e.id desc", page);
    }
}
