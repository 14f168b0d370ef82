package dev.switchboard.tenancy;

import dev.switchboard.common.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Tenants themselves are platform-level rows: only platform admins reach this repository. */
@ApplicationScoped
public class TenantRepository implements PanacheRepositoryBase<TenantEntity, String> {

    /** By id ({@code ten_…}) or by name: tenant names cannot contain '_', so the two never collide. */
    public Uni<TenantEntity> findByIdOrName(String idOrName) {
        return idOrName.startsWith(TenantEntity.ID_PREFIX + "_")
                ? findById(idOrName)
                : find("name", idOrName).firstResult();
    }

    public Uni<TenantEntity> findByName(String name) {
        return find("name", name).firstResult();
    }

    public Uni<List<TenantEntity>> page(PageRequest page) {
        return findAll(io.quarkus.panache.common.Sort.by("createdAt").and("id"))
                .page(page.pageNo() - 1, page.limit())
                .list();
    }
}
