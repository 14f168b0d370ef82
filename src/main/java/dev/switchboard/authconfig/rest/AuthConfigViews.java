package dev.switchboard.authconfig.rest;

import dev.switchboard.authconfig.AuthConfigEntity;
import dev.switchboard.common.paging.CursorPage;
import dev.switchboard.common.paging.Page;
import dev.switchboard.connection.ConnectedAccountRepository;
import dev.switchboard.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Auth configs as answers, with how many connected accounts each has (one query per page). */
@ApplicationScoped
public class AuthConfigViews {

    @Inject
    ConnectedAccountRepository accounts;

    @WithSession
    public Uni<AuthConfigView> one(TenantId tenant, AuthConfigEntity config) {
        return accounts.countByAuthConfig(tenant, List.of(config.id)).map(counts -> AuthConfigView.of(config, counts.getOrDefault(config.id, 0L)));
    }

    @WithSession
    public Uni<CursorPage<AuthConfigView>> page(TenantId tenant, Page<AuthConfigEntity> page) {
        return accounts.countByAuthConfig(tenant, page.items().stream().map(config -> config.id).toList())
                .map(counts -> CursorPage.of(page.map(config -> AuthConfigView.of(config, counts.getOrDefault(config.id, 0L)))));
    }
}
