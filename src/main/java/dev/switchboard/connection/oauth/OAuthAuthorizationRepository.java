package dev.switchboard.connection.oauth;

import dev.switchboard.tenancy.TenantId;
import dev.switchboard.tenancy.TenantScopedRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class OAuthAuthorizationRepository extends TenantScopedRepository<OAuthAuthorizationEntity> {

    public OAuthAuthorizationRepository() {
        super(OAuthAuthorizationEntity.class, "OAuth authorization");
    }

    /** Drops the account's earlier authorizations: only the newest start URL (and state) completes it. */
    public Uni<Void> deleteFor(TenantId tenant, String accountId) {
        return listAll(tenant, "e.connectedAccountId = :account", Map.of("account", accountId), "e.createdAt")
                .chain(found -> deleteAll(tenant, found));
    }

    private Uni<Void> deleteAll(TenantId tenant, List<OAuthAuthorizationEntity> found) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (OAuthAuthorizationEntity authorization : found) {
            chain = chain.chain(() -> delete(tenant, authorization));
        }
        return chain.call(this::flush);
    }
}
