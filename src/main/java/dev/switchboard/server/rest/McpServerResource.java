package dev.switchboard.server.rest;

import dev.switchboard.common.ApiPaths;
import dev.switchboard.common.DeletedView;
import dev.switchboard.common.QueryLists;
import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.common.paging.SortOrder;
import dev.switchboard.identity.CurrentPrincipal;
import dev.switchboard.identity.Principal;
import dev.switchboard.identity.Roles;
import dev.switchboard.server.McpServerFilter;
import dev.switchboard.server.McpServerService;
import dev.switchboard.server.McpServerViews;
import dev.switchboard.server.ServerDefinition;
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
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Persistent MCP servers, with the paths and shapes of Composio's {@code composio.mcp.*} calls. */
@Path(ApiPaths.ROOT + "/mcp")
@Authenticated
@Tag(name = "MCP servers", description = "Persistent MCP server configurations and per-user URLs (Composio-compatible)")
public class McpServerResource {

    @Inject
    CurrentPrincipal caller;

    @Inject
    McpServerService servers;

    @Inject
    McpServerViews views;

    @POST
    @Path("/servers/custom")
    @ResponseStatus(201)
    @Operation(summary = "Create an MCP server from toolkits", description = "composio.mcp.create: toolkits by slug, "
            + "each optionally pinned by an auth config of that toolkit in auth_config_ids.")
    public Uni<McpServerView> createCustom(@Valid @NotNull McpServerRequests.CreateCustom body) {
        Principal admin = caller.admin();
        ServerDefinition definition = new ServerDefinition(body.name(), body.toolkits(), "toolkits", body.authConfigIds(),
                body.allowedTools(), body.managedAuthViaComposio(), body.toolNamePrefix());
        return servers.create(admin.tenantId(), definition).chain(s -> views.of(admin.tenantId(), s, false));
    }

    @POST
    @Path("/servers")
    @ResponseStatus(201)
    @Operation(summary = "Create an MCP server from auth configs", description = "Toolkits are those of the auth configs, "
            + "plus the toolkits in no_auth_apps.")
    public Uni<McpServerView> create(@Valid @NotNull McpServerRequests.Create body) {
        Principal admin = caller.admin();
        ServerDefinition definition = new ServerDefinition(body.name(), body.noAuthApps(), "no_auth_apps",
                body.authConfigIds(), body.allowedTools(), body.managedAuthViaComposio(), body.toolNamePrefix());
        return servers.create(admin.tenantId(), definition).chain(s -> views.of(admin.tenantId(), s, false));
    }

    @GET
    @Path("/servers")
    @Operation(summary = "List MCP servers", description = "Paged (page_no from 1, limit 1-100); filters: name (partial, "
            + "case-insensitive), toolkits and auth_config_ids (comma-separated, any match); order_by created_at|updated_at, "
            + "order_direction asc|desc (default created_at desc).")
    public Uni<Page<McpServerView>> list(@QueryParam("page_no") String pageNo, @QueryParam("limit") String limit,
            @QueryParam("toolkits") String toolkits, @QueryParam("auth_config_ids") String authConfigIds,
            @QueryParam("name") String name, @QueryParam("order_by") String orderBy,
            @QueryParam("order_direction") String orderDirection) {
        Principal member = caller.member();
        PageRequest page = PageRequest.parse(pageNo, limit);
        SortOrder order = McpServerService.sortOrder(orderBy, orderDirection);
        McpServerFilter filter = new McpServerFilter(name == null || name.isBlank() ? null : name.trim(),
                QueryLists.parse(toolkits), QueryLists.parse(authConfigIds));
        return servers.list(member.tenantId(), filter, order, page).chain(p -> views.of(member.tenantId(), p));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get an MCP server")
    public Uni<McpServerView> get(@PathParam("id") String id) {
        Principal member = caller.member();
        return servers.get(member.tenantId(), id).chain(s -> views.of(member.tenantId(), s, false));
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Update an MCP server", description = "Absent fields stay as they are. toolkits replaces the list; "
            + "auth_config_ids replaces the pinned auth configs.")
    public Uni<McpServerView> update(@PathParam("id") String id, @Valid @NotNull McpServerRequests.Update body) {
        Principal admin = caller.admin();
        ServerDefinition change = new ServerDefinition(body.name(), body.toolkits(), "toolkits", body.authConfigIds(),
                body.allowedTools(), body.managedAuthViaComposio(), body.toolNamePrefix());
        return servers.update(admin.tenantId(), id, change).chain(s -> views.of(admin.tenantId(), s, false));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an MCP server", description = "Its generated URLs stop working.")
    public Uni<DeletedView> delete(@PathParam("id") String id) {
        return servers.delete(caller.admin().tenantId(), id).map(s -> new DeletedView(s.id, true));
    }

    @POST
    @Path("/servers/generate")
    @Operation(summary = "Generate per-user URLs", description = "One Streamable HTTP URL per user id, in request order, and one per connected account id (the URL of the account's "
            + "user, whose calls use their active accounts). "
            + "An API key may generate for any user of its tenant; a user only for themselves (admins for anyone).")
    public Uni<GenerateView> generate(@Valid @NotNull McpServerRequests.Generate body) {
        Principal member = caller.member();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < body.userIds().size(); i++) {
            users.add(caller.actingUser(member, body.userIds().get(i), "user_ids[" + i + "]"));
        }
        boolean manageConnections = body.managedAuthByComposio() == null || body.managedAuthByComposio();
        String onlyUser = member.isApiKey() || member.hasRole(Roles.ADMIN) ? null : member.userId();
        return servers.generate(member.tenantId(), body.mcpServerId(), users, body.connectedAccountIds(), onlyUser)
                .map(generated -> views.generated(generated.server(), users, generated.accountUsers(), manageConnections));
    }
}
