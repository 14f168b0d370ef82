package dev.switchboard.toolkit;

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
public class ToolkitRepository extends TenantScopedRepository<ToolkitEntity> {

    public ToolkitRepository() {
        super(ToolkitEntity.class, "Toolkit");
    }

    public Uni<ToolkitEntity> findBySlug(TenantId tenant, String slug) {
        return findFirst(tenant, "e.slug = :slug", Map.of("slug", slug));
    }

    public Uni<List<ToolkitEntity>> findBySlugs(TenantId tenant, Collection<String> slugs) {
        return slugs.isEmpty()
                ? Uni.createFrom().item(List.of())
                : listAll(tenant, "e.slug in :slugs", Map.of("slugs", slugs), "e.slug");
    }

    public Uni<List<ToolkitEntity>> findByIds(TenantId tenant, Collection<String> ids) {
        return ids.isEmpty()
                ? Uni.createFrom().item(List.of())
                : listAll(tenant, "e.id in :ids", Map.of("ids", ids), "e.slug");
    }

    public Uni<Page<ToolkitEntity>> page(TenantId tenant, PageRequest page) {
        return page(tenant, "", Map.of(), "e.slug", page);
    }
}
