package dev.switchboard.authconfig.rest;

import dev.switchboard.authconfig.AuthConfigFilter;
import dev.switchboard.authconfig.AuthConfigService;
import dev.switchboard.common.ApiPaths;
import dev.switchboard.common.DeletedView;
import dev.switchboard.common.paging.CursorPage;
import dev.switchboard.common.QueryBooleans;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.identity.CurrentPrincipal;
import dev.switchboard.identity.Principal;
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
@Tag(name = "Auth configs", description = "How Switchboard authenticates to a toolkit (Composio's auth config API); secrets are write-only")
public class AuthConfigResource {

    @Inject
    CurrentPrincipal caller;

    @Inject
    AuthConfigService authConfigs;

    @Inject
    AuthConfigViews views;

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Create an auth config for a toolkit (composio.authConfigs.create)",
            description = "{\"toolkit\": {\"slug\"}, \"auth_config\": {\"type\": \"use_custom_auth\", \"authScheme\", \"credentials\"}}. "
                    + "Schemes: API_KEY (credentials.header_name, default X-API-Key; credentials.api_key makes it a key every user "
                    + "shares, else each user connects their own), BEARER_TOKEN (credentials.token: shared, else per user), OAUTH2 "
                    + "(client_id, client_secret, authorization_url, token_url, scopes), NO_AUTH, and Switchboard's own TOKEN_EXCHANGE "
                    + "(credentials.audience, optional scopes: each call exchanges the calling user's SSO token at the IdP). Secrets are encrypted at rest "
                    + "and answered masked.")
    public Uni<AuthConfigView.Created> create(@Valid @NotNull AuthConfigRequests.Create body) {
        Principal admin = caller.admin();
        return authConfigs.create(admin.tenantId(), admin.subject(), body)
                .map(config -> AuthConfigView.Created.of(AuthConfigView.of(config, 0)));
    }

    @GET
    @Operation(summary = "List auth configs (composio.authConfigs.list)",
            description = "Newest first. Filters: toolkit_slug, search (part of the name), is_composio_managed, show_disabled "
                    + "(disabled configs are left out unless true). Pages: cursor (next_cursor of the previous page) or page_no, and limit.")
    public Uni<CursorPage<AuthConfigView>> list(@QueryParam("toolkit_slug") String toolkitSlug, @QueryParam("search") String search,
            @QueryParam("is_composio_managed") String composioManaged, @QueryParam("show_disabled") String showDisabled,
            @QueryParam("cursor") String cursor, @QueryParam("page_no") String pageNo, @QueryParam("limit") String limit) {
        Principal admin = caller.admin();
        AuthConfigFilter filter = new AuthConfigFilter(blankToNull(toolkitSlug), blankToNull(search),
                QueryBooleans.parse("is_composio_managed", composioManaged),
                Boolean.TRUE.equals(QueryBooleans.parse("show_disabled", showDisabled)));
        return authConfigs.list(admin.tenantId(), filter, CursorPage.request(cursor, pageNo, limit))
                .chain(page -> views.page(admin.tenantId(), page));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get an auth config (composio.authConfigs.get)")
    public Uni<AuthConfigView> get(@PathParam("id") String id) {
        Principal admin = caller.admin();
        return authConfigs.get(admin.tenantId(), id).chain(config -> views.one(admin.tenantId(), config));
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Update an auth config (composio.authConfigs.update)",
            description = "{\"type\": \"custom\", \"credentials\"?, \"is_enabled_for_tool_router\"?, \"tool_access_config\"?, \"name\"?}: "
                    + "absent fields stay; given credentials are merged (a secret given replaces the stored one). The scheme cannot change.")
    public Uni<AuthConfigView> update(@PathParam("id") String id, @Valid @NotNull AuthConfigRequests.Update body) {
        Principal admin = caller.admin();
        return authConfigs.update(admin.tenantId(), id, body).chain(config -> views.one(admin.tenantId(), config));
    }

    @PATCH
    @Path("/{id}/{status}")
    @Operation(summary = "Enable or disable an auth config (composio.authConfigs.enable / disable)",
            description = "status is ENABLED or DISABLED; no body. The gateway uses no disabled config: calls that need it get a tool error.")
    public Uni<AuthConfigView> setStatus(@PathParam("id") String id, @PathParam("status") String status) {
        Principal admin = caller.admin();
        boolean enabled = switch (status) {
            case "ENABLED" -> true;
            case "DISABLED" -> false;
            default -> throw ProblemException.invalid("status", "must be ENABLED or DISABLED");
        };
        return authConfigs.setEnabled(admin.tenantId(), id, enabled).chain(config -> views.one(admin.tenantId(), config));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an auth config (composio.authConfigs.delete)",
            description = "Refused with 409 while an MCP server pins it.")
    public Uni<DeletedView> delete(@PathParam("id") String id) {
        return authConfigs.delete(caller.admin().tenantId(), id).map(a -> new DeletedView(a.id, true));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
