package dev.switchboard.tenancy.rest;

import dev.switchboard.common.ApiPaths;
import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.identity.CurrentPrincipal;
import dev.switchboard.identity.Principal;
import dev.switchboard.identity.apikey.rest.ApiKeyView;
import dev.switchboard.tenancy.TenantEntity;
import dev.switchboard.tenancy.TenantService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Tenants, for platform admins. {@code {tenant}} is a tenant id ({@code ten_…}) or name. */
@Path(ApiPaths.ROOT + "/tenants")
@Authenticated
@Tag(name = "Tenants", description = "Platform administration: tenants and their first admin keys")
public class TenantResource {

    @Inject
    CurrentPrincipal caller;

    @Inject
    TenantService tenants;

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Create a tenant")
    public Uni<TenantView> create(@Valid @NotNull TenantRequests.Create body) {
        caller.platformAdmin();
        return tenants.create(body.name(), body.displayName()).map(TenantView::of);
    }

    @GET
    @Operation(summary = "List tenants")
    public Uni<Page<TenantView>> list(@QueryParam("page_no") String pageNo, @QueryParam("limit") String limit) {
        caller.platformAdmin();
        return tenants.list(PageRequest.parse(pageNo, limit)).map(page -> page.map(TenantView::of));
    }

    @GET
    @Path("/{tenant}")
    @Operation(summary = "Get a tenant")
    public Uni<TenantView> get(@PathParam("tenant") String tenant) {
        caller.platformAdmin();
        return tenants.get(tenant).map(TenantView::of);
    }

    @PATCH
    @Path("/{tenant}")
    @Operation(summary = "Rename, disable or re-enable a tenant",
            description = "A disabled tenant's keys and users are refused with 403 until it is enabled again.")
    public Uni<TenantView> update(@PathParam("tenant") String tenant, @Valid @NotNull TenantRequests.Update body) {
        caller.platformAdmin();
        TenantEntity.Status status = body.status() == null ? null
                : TenantEntity.Status.valueOf(body.status().toUpperCase(Locale.ROOT));
        return tenants.update(tenant, body.displayName(), status).map(TenantView::of);
    }

    @POST
    @Path("/{tenant}/api_keys")
    @ResponseStatus(201)
    @Operation(summary = "Issue an admin API key for a tenant", description = "Typically the tenant's first key.")
    public Uni<ApiKeyView> issueAdminKey(@PathParam("tenant") String tenant, @Valid TenantRequests.IssueKey body) {
        Principal admin = caller.platformAdmin();
        String name = body == null || body.name() == null ? "admin" : body.name();
        return tenants.issueAdminKey(tenant, name, admin.subject())
                .map(issued -> ApiKeyView.of(issued.key(), issued.secret()));
    }
}
