package dev.switchboard.identity.apikey;

import dev.switchboard.common.SecureIds;
import dev.switchboard.common.Timestamps;
import dev.switchboard.common.Sha256;
import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.identity.Roles;
import dev.switchboard.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import dev.switchboard.common.cache.ChangesConfiguration;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

@ApplicationScoped
public class ApiKeyService {

    @Inject
    ApiKeyRepository keys;

    /** Issues a key with the given role; without one, the least privileged role ({@code member}). */
    @WithTransaction
    public Uni<IssuedApiKey> issue(TenantId tenant, String name, String role, String createdBy) {
        String secret = SecureIds.newSecret(ApiKeyEntity.SECRET_PREFIX);
        ApiKeyEntity key = new ApiKeyEntity();
        key.id = SecureIds.newId(ApiKeyEntity.ID_PREFIX);
        key.name = name;
        key.role = role == null ? Roles.MEMBER : role;
        key.keyHash = Sha256.hex(secret);
        key.keyPrefix = secret.substring(0, 12);
        key.createdBy = createdBy;
        key.createdAt = Timestamps.now();
        return keys.persist(tenant, key).map(saved -> new IssuedApiKey(saved, secret));
    }

    @WithSession
    public Uni<Page<ApiKeyEntity>> list(TenantId tenant, PageRequest page) {
        return keys.page(tenant, page);
    }

    @WithSession
    public Uni<ApiKeyEntity> get(TenantId tenant, String id) {
        return keys.getById(tenant, id);
    }

    /** Revocation is kept as a timestamp, so lists and audits still show the key. Revoking twice is harmless. */
    @WithTransaction
    @ChangesConfiguration
    public Uni<ApiKeyEntity> revoke(TenantId tenant, String id) {
        return keys.getById(tenant, id).invoke(key -> {
            if (key.revokedAt == null) {
                key.revokedAt = Timestamps.now();
            }
        });
    }

}
