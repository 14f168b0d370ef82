package dev.switchboard.ratelimit.rest;

import dev.switchboard.common.ApiPaths;
import dev.switchboard.common.DeletedView;
import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.identity.CurrentPrincipal;
import dev.switchboard.ratelimit.KeyKind;
import dev.switchboard.ratelimit.config.RateLimitConfig;
import dev.switchboard.ratelimit.override.LimitOverrideService;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

@Path(ApiPaths.ROOT + "/rate_limits")
@Authenticated
@Tag(name = "Rate limits", description = "Limits on MCP traffic per user, server and tool, replacing the configured "
        + "defaults; effective on every replica within seconds. Over a limit, MCP requests are refused with 429.")
public class RateLimitResource {

    @Inject
    CurrentPrincipal caller;

    @Inject
    LimitOverrideService overrides;

    @Inject
    RateLimitConfig config;

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Set a rate limit for a user, a server or a tool", description = "Leave user_id, server_id or "
            + "tool out to limit every user, every server, or every tool of the toolkit (every tool when toolkit is out "
            + "too). The most specific limit of a key applies. A rate of 0 lifts the limit. 409 when one exists already.")
    public Uni<RateLimitView> create(@Valid @NotNull RateLimitRequests.Create body) {
        return overrides.create(caller.admin().tenantId(), body).map(RateLimitView::of);
    }

    @GET
    @Operation(summary = "List the tenant's rate limits", description = "Overrides only (the tenant's own limit "
            + "included); see /rate_limits/defaults for what applies without one. Filter with key; paged with page_no "
            + "(from 1) and limit (1-100).")
    public Uni<Page<RateLimitView>> list(@QueryParam("key") String key, @QueryParam("page_no") String pageNo,
            @QueryParam("limit") String limit) {
        return overrides.list(caller.member().tenantId(), key, PageRequest.parse(pageNo, limit)).map(p -> p.map(RateLimitView::of));
    }

    @GET
    @Path("/defaults")
    @Operation(summary = "The configured default of each key", description = "What applies where no override does; "
            + "a rate of 0 means no limit.")
    public List<LimitView> defaults() {
        caller.member();
        return List.of(LimitView.of(KeyKind.TENANT, config.tenant().limit(), null),
                LimitView.of(KeyKind.USER, config.user().limit(), null),
                LimitView.of(KeyKind.SERVER, config.server().limit(), null),
                LimitView.of(KeyKind.TOOL, config.tool().limit(), null));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a rate limit")
    public Uni<RateLimitView> get(@PathParam("id") String id) {
        return overrides.get(caller.member().tenantId(), id).map(RateLimitView::of);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a rate limit", description = "rate, window and burst; absent fields stay, a null "
            + "burst goes back to the rate. What a limit applies to cannot change.")
    public Uni<RateLimitView> update(@PathParam("id") String id, @Valid @NotNull RateLimitRequests.Update body) {
        return overrides.update(caller.admin().tenantId(), id, body).map(RateLimitView::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a rate limit", description = "The next most specific limit applies again.")
    public Uni<DeletedView> delete(@PathParam("id") String id) {
        return overrides.delete(caller.admin().tenantId(), id).map(removed -> new DeletedView(removed.id, true));
    }
}
