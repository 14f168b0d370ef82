package dev.switchboard.tenancy;

import dev.switchboard.common.SecureIds;
import dev.switchboard.common.Timestamps;
import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.identity.Roles;
import dev.switchboard.identity.apikey.ApiKeyService;
import dev.switchboard.identity.apikey.IssuedApiKey;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import dev.switchboard.common.cache.ChangesConfiguration;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/** Platform-level tenant management (platform admins only; checked by the resource). */
@ApplicationScoped
public class TenantService {

    @Inject
    TenantRepository tenants;

    @Inject
    ApiKeyService keys;

    @WithTransaction
    public Uni<TenantEntity> create(String name, String displayName) {
        return tenants.findByName(name).chain(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("name", "A tenant named '" + name + "' already exists");
            }
            Instant now = Timestamps.now();
            TenantEntity tenant = new TenantEntity();
            tenant.id = SecureIds.newId(TenantEntity.ID_PREFIX);
            tenant.name = name;
            tenant.displayName = displayName == null || displayName.isBlank() ? name : displayName;
            tenant.status = TenantEntity.Status.ACTIVE;
            tenant.createdAt = now;
            tenant.updatedAt = now;
            return tenants.persist(tenant);
        });
    }

    @WithSession
    public Uni<Page<TenantEntity>> list(PageRequest page) {
        return tenants.page(page).chain(items -> tenants.count().map(total -> Page.of(items, page, total)));
    }

    @WithSession
    public Uni<TenantEntity> get(String idOrName) {
        return tenants.findByIdOrName(idOrName)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Tenant", idOrName));
    }

    @WithTransaction
    @ChangesConfiguration
    public Uni<TenantEntity> update(String idOrName, String displayName, TenantEntity.Status status) {
        return get(idOrName).invoke(tenant -> {
            if (displayName != null) {
                tenant.displayName = displayName;
            }
            if (status != null) {
                tenant.status = status;
            }
            tenant.updatedAt = Timestamps.now();
        });
    }

    /** An admin key for the tenant, typically its first. */
    @WithTransaction
    public Uni<IssuedApiKey> issueAdminKey(String idOrName, String keyName, String issuedBy) {
        return get(idOrName).chain(tenant -> keys.issue(tenant.tenantId(), keyName, Roles.ADMIN, issuedBy));
    }

}
