package dev.switchboard.ratelimit.override;

import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.tenancy.TenantId;
import dev.switchboard.tenancy.TenantScopedRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class LimitOverrideRepository extends TenantScopedRepository<LimitOverrideEntity> {

    public LimitOverrideRepository() {
        super(LimitOverrideEntity.class, "Rate limit");
    }

    public Uni<LimitOverrideEntity> findBySubject(TenantId tenant, LimitSubject subject) {
        return findFirst(tenant, "e.keyKind = :kind and e.subject = :subject",
                Map.of("kind", subject.kind().label(), "subject", subject.stored()));
    }

    public Uni<List<LimitOverrideEntity>> findByServer(TenantId tenant, String serverId) {
        return listAll(tenant, "e.keyKind = 'server' and e.subject = :serverId", Map.of("serverId", serverId), "e.id");
    }

    /** Filtered by key kind when one is given; ordered by kind, then subject. */
    public Uni<Page<LimitOverrideEntity>> page(TenantId tenant, String kind, PageRequest page) {
        return kind == null
                ? page(tenant, "", Map.of(), "e.keyKind, e.subject", page)
                : page(tenant, "e.keyKind = :kind", Map.of("kind", kind), "e.keyKind, e.subject", page);
    }
}
