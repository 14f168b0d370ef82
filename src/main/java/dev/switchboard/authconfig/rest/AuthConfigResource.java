package dev.switchboard.authconfig.rest;

import dev.switchboard.authconfig.AuthConfigService;
import dev.switchboard.common.ApiPaths;
import dev.switchboard.common.DeletedView;
import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.identity.CurrentPrincipal;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

@Path(ApiPaths.ROOT + "/auth_configs")
@Authenticated
@Tag(name = "Auth configs", description = "How Switchboard authenticates to a toolkit; secrets are write-only")
public class AuthConfigResource {

    @Inject
    CurrentPrincipal caller;

    @Inject
    AuthConfigService authConfigs;

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Create an auth config for a toolkit",
            description = "Schemes: none; api_key (credentials.header_name + credentials.api_key); bearer (credentials.token). "
                    + "Secrets are encrypted at rest and never returned.")
    public Uni<AuthConfigView> create(@Valid @NotNull AuthConfigRequests.Create body) {
        return authConfigs.create(caller.admin().tenantId(), body).map(AuthConfigView::of);
    }

    @GET
    @Operation(summary = "List auth configs", description = "Newest first; filter by toolkit_slug.")
    public Uni<Page<AuthConfigView>> list(@QueryParam("toolkit_slug") String toolkitSlug,
            @QueryParam("page_no") String pageNo, @QueryParam("limit") String limit) {
        return authConfigs.list(caller.admin().tenantId(), toolkitSlug, PageRequest.parse(pageNo, limit))
                .map(page -> page.map(AuthConfigView::of));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get an auth config")
    public Uni<AuthConfigView> get(@PathParam("id") String id) {
        return authConfigs.get(caller.admin().tenantId(), id).map(AuthConfigView::of);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Update an auth config", description = "Rename, rotate the secret, or change the scheme.")
    public Uni<AuthConfigView> update(@PathParam("id") String id, @Valid @NotNull AuthConfigRequests.Update body) {
        return authConfigs.update(caller.admin().tenantId(), id, body).map(AuthConfigView::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an auth config", description = "Refused with 409 while an MCP server pins it.")
    public Uni<DeletedView> delete(@PathParam("id") String id) {
        return authConfigs.delete(caller.admin().tenantId(), id).map(a -> new DeletedView(a.id, true));
    }
}
