package dev.switchboard.authconfig.rest;

import dev.switchboard.authconfig.AuthConfigEntity;
import dev.switchboard.common.paging.CursorPage;
import dev.switchboard.common.paging.Page;
import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Auth configs as answers, with how many connected accounts each has. */
@ApplicationScoped
public class AuthConfigViews {

    public Uni<AuthConfigView> one(TenantId tenant, AuthConfigEntity config) {
        return Uni.createFrom().item(AuthConfigView.of(config, 0));
    }

    public Uni<CursorPage<AuthConfigView>> page(TenantId tenant, Page<AuthConfigEntity> page) {
        return Uni.createFrom().item(CursorPage.of(page.map(config -> AuthConfigView.of(config, 0))));
    }
}
