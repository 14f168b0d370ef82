package dev.switchboard.toolkit.rest;

import dev.switchboard.common.ApiPaths;
import dev.switchboard.common.DeletedView;
import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.identity.CurrentPrincipal;
import dev.switchboard.identity.Principal;
import dev.switchboard.toolkit.ToolkitService;
import dev.switchboard.toolkit.ToolkitTools;
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

@Path(ApiPaths.ROOT + "/toolkits")
@Authenticated
@Tag(name = "Toolkits", description = "The tenant's upstream MCP servers")
public class ToolkitResource {

    @Inject
    CurrentPrincipal caller;

    @Inject
    ToolkitService toolkits;

    @Inject
    ToolkitTools tools;

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Register an upstream MCP server as a toolkit")
    public Uni<ToolkitView> create(@Valid @NotNull ToolkitRequests.Create body) {
        return toolkits.create(caller.admin().tenantId(), body).map(ToolkitView::of);
    }

    @GET
    @Operation(summary = "List toolkits", description = "Ordered by slug; paged with page_no (from 1) and limit (1-100).")
    public Uni<Page<ToolkitView>> list(@QueryParam("page_no") String pageNo, @QueryParam("limit") String limit) {
        return toolkits.list(caller.member().tenantId(), PageRequest.parse(pageNo, limit)).map(p -> p.map(ToolkitView::of));
    }

    @GET
    @Path("/{slug}")
    @Operation(summary = "Get a toolkit")
    public Uni<ToolkitView> get(@PathParam("slug") String slug) {
        return toolkits.get(caller.member().tenantId(), slug).map(ToolkitView::of);
    }

    /** The tools of a toolkit's upstream. */
    public record ToolList(String toolkit, java.util.List<ToolView> items, int totalItems) {
    }

    @GET
    @Path("/{slug}/tools")
    @Operation(summary = "List a toolkit's tools", description = "Asks the upstream MCP server (cached for a minute; "
            + "refresh=true asks again, for admins only). auth_config_id authenticates with one of the toolkit's auth configs.")
    public Uni<ToolList> tools(@PathParam("slug") String slug, @QueryParam("auth_config_id") String authConfigId,
            @QueryParam("refresh") boolean refresh) {
        // Asking an upstream on demand is an admin's act: a member reads what is cached (or asked once a minute).
        Principal principal = refresh ? caller.admin() : caller.member();
        return tools.list(principal.tenantId(), slug, authConfigId, refresh).map(list -> new ToolList(slug,
                list.stream().map(tool -> ToolView.of(slug, tool)).toList(), list.size()));
    }

    @PATCH
    @Path("/{slug}")
    @Operation(summary = "Update a toolkit", description = "Absent fields stay as they are; the slug cannot change.")
    public Uni<ToolkitView> update(@PathParam("slug") String slug, @Valid @NotNull ToolkitRequests.Update body) {
        return toolkits.update(caller.admin().tenantId(), slug, body).map(ToolkitView::of);
    }

    @DELETE
    @Path("/{slug}")
    @Operation(summary = "Delete a toolkit", description = "Refused with 409 while auth configs or MCP servers use it.")
    public Uni<DeletedView> delete(@PathParam("slug") String slug) {
        return toolkits.delete(caller.admin().tenantId(), slug).map(t -> new DeletedView(t.id, true));
    }
}
