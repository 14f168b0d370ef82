package dev.switchboard.authconfig;

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
import java.util.Locale;
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

    public Uni<Page<AuthConfigEntity>> page(TenantId tenant, AuthConfigFilter filter, PageRequest page) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.toolkitSlug() != null) {
            conditions.add("e.toolkit.slug = :slug");
            params.put("slug", filter.toolkitSlug());
        }
        if (filter.search() != null) {
            conditions.add("lower(e.name) like :search escape '!'");
            params.put("search", "%" + likeEscape(filter.search().toLowerCase(Locale.ROOT)) + "%");
        }
        if (Boolean.TRUE.equals(filter.composioManaged())) {
            conditions.add("e.type <> :custom");
            params.put("custom", AuthConfigEntity.CUSTOM);
        }
        if (!filter.showDisabled()) {
            conditions.add("e.enabled = true");
        }
        return page(tenant, String.join(" and ", conditions), params, "e.createdAt desc, e.id desc", page);
    }

    private static String likeEscape(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
