package dev.switchboard.ratelimit.rest;

import dev.switchboard.common.ApiPaths;
import dev.switchboard.identity.CurrentPrincipal;
import dev.switchboard.ratelimit.KeyKind;
import dev.switchboard.ratelimit.config.RateLimitConfig;
import dev.switchboard.ratelimit.override.LimitOverrideEntity;
import dev.switchboard.ratelimit.override.LimitOverrideService;
import dev.switchboard.tenancy.TenantId;
import dev.switchboard.tenancy.TenantService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A tenant's own limit on all its MCP traffic, which only a platform admin sets. */
@Path(ApiPaths.ROOT + "/tenants/{tenant}/rate_limit")
@Authenticated
@Tag(name = "Tenants")
public class TenantRateLimitResource {

    @Inject
    CurrentPrincipal caller;

    @Inject
    TenantService tenants;

    @Inject
    LimitOverrideService overrides;

    @Inject
    RateLimitConfig config;

    @GET
    @Operation(summary = "The limit on all of a tenant's MCP traffic", description = "The override when one is set "
            + "(override_id), else the configured default; a rate of 0 means no limit.")
    public Uni<LimitView> get(@PathParam("tenant") String tenant) {
        caller.platformAdmin();
        return inTenant(tenant, overrides::tenantLimit).map(this::viewOf);
    }

    @PUT
    @Operation(summary = "Set the limit on all of a tenant's MCP traffic", description = "A rate of 0 lifts it.")
    public Uni<LimitView> set(@PathParam("tenant") String tenant, @Valid @NotNull RateLimitRequests.Set body) {
        caller.platformAdmin();
        return inTenant(tenant, id -> overrides.setTenantLimit(id, body)).map(this::viewOf);
    }

    @DELETE
    @Operation(summary = "Go back to the configured default")
    public Uni<LimitView> reset(@PathParam("tenant") String tenant) {
        caller.platformAdmin();
        return inTenant(tenant, overrides::removeTenantLimit).map(removed -> viewOf(null));
    }

    private <T> Uni<T> inTenant(String tenant, Function<TenantId, Uni<T>> action) {
        return tenants.get(tenant).chain(found -> action.apply(new TenantId(found.id)));
    }

    private LimitView viewOf(LimitOverrideEntity override) {
        if (override == null) {
            return LimitView.of(KeyKind.TENANT, config.tenant().limit(), null);
        }
        return LimitView.of(KeyKind.TENANT, override.limit(), override.id);
    }
}
