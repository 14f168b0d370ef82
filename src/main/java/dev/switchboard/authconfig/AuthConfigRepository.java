package dev.switchboard.authconfig;

import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.tenancy.TenantId;
import dev.switchboard.tenancy.TenantScopedRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class AuthConfigRepository extends TenantScopedRepository<AuthConfigEntity> {

    public AuthConfigRepository() {
        super(AuthConfigEntity.class, "Auth config");
    }

    public Uni<List<AuthConfigEntity>> findByIds(TenantId tenant, Collection<String> ids) {
        return ids.isEmpty()
                ? Uni.createFrom().item(List.of())
                : listAll(tenant, "e.id in :ids", Map.of("ids", ids), "e.id");
    }

    public Uni<Page<AuthConfigEntity>> page(TenantId tenant, String toolkitSlug, PageRequest page) {
        return page(tenant, where(toolkitSlug), params(toolkitSlug), "e.createdAt desc, e.id desc", page);
    }

    private static String where(String toolkitSlug) {
        return toolkitSlug == null ? "" : "e.toolkit.slug = :slug";
    }

    private static Map<String, Object> params(String toolkitSlug) {
        return toolkitSlug == null ? Map.of() : Map.of("slug", toolkitSlug);
    }
}
