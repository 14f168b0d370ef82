package dev.switchboard.identity.apikey.rest;

import dev.switchboard.common.ApiPaths;
import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.identity.CurrentPrincipal;
import dev.switchboard.identity.Principal;
import dev.switchboard.identity.apikey.ApiKeyService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

@Path(ApiPaths.ROOT + "/api_keys")
@Authenticated
@Tag(name = "API keys", description = "Tenant API keys for backend services (x-api-key)")
public class ApiKeyResource {

    @Inject
    CurrentPrincipal caller;

    @Inject
    ApiKeyService keys;

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Create an API key", description = "The key is in this answer only; it is stored hashed. "
            + "Its role is `member` unless the request asks for `admin`.")
    public Uni<ApiKeyView> create(@Valid @NotNull CreateApiKeyRequest body) {
        Principal admin = caller.admin();
        return keys.issue(admin.tenantId(), body.name(), body.role(), admin.subject())
                .map(issued -> ApiKeyView.of(issued.key(), issued.secret()));
    }

    @GET
    @Operation(summary = "List the tenant's API keys (active and revoked)")
    public Uni<Page<ApiKeyView>> list(@QueryParam("page_no") String pageNo, @QueryParam("limit") String limit) {
        Principal admin = caller.admin();
        return keys.list(admin.tenantId(), PageRequest.parse(pageNo, limit)).map(page -> page.map(ApiKeyView::of));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get an API key")
    public Uni<ApiKeyView> get(@PathParam("id") String id) {
        return keys.get(caller.admin().tenantId(), id).map(ApiKeyView::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API key", description = "Revoked keys stop working at once and stay listed.")
    public Uni<ApiKeyView> revoke(@PathParam("id") String id) {
        return keys.revoke(caller.admin().tenantId(), id).map(ApiKeyView::of);
    }
}
