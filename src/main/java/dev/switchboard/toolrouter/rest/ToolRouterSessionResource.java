package dev.switchboard.toolrouter.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.common.ApiPaths;
import dev.switchboard.common.DeletedView;
import dev.switchboard.common.McpUrls;
import dev.switchboard.common.QueryBooleans;
import dev.switchboard.common.QueryLists;
import dev.switchboard.common.paging.CursorPage;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.connection.rest.ConnectedAccountView;
import dev.switchboard.identity.CurrentPrincipal;
import dev.switchboard.identity.Principal;
import dev.switchboard.identity.Roles;
import dev.switchboard.toolrouter.ConnectionManagementTools;
import dev.switchboard.toolrouter.SessionRequestParser;
import dev.switchboard.toolrouter.SessionToolkits;
import dev.switchboard.toolrouter.ToolRouterSessionEntity;
import dev.switchboard.toolrouter.ToolRouterSessionService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Tool-router sessions ({@code composio.create(userId)} and {@code composio.toolRouter.use(id)}). */
@Path(ApiPaths.ROOT + "/tool_router/session")
@Authenticated
@Tag(name = "Sessions", description = "Ephemeral per-user MCP endpoints (Composio tool-router sessions)")
public class ToolRouterSessionResource {

    @Inject
    CurrentPrincipal caller;

    @Inject
    SessionRequestParser parser;

    @Inject
    ToolRouterSessionService sessions;

    @Inject
    McpUrls urls;

    @Inject
    SessionToolkits toolkits;

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Create a session", description = "Answers the session's MCP endpoint {type, url, headers}; "
            + "headers carry a session-scoped bearer token, shown only here. The URL also accepts the tenant API key.")
    public Uni<SessionView> create(JsonNode body) throws JsonProcessingException {
        Principal member = caller.member();
        CreateSessionRequest request = parser.parse(body);
        String userId = caller.actingUser(member, request.userId(), "user_id");
        return sessions.create(member.tenantId(), userId, request, body)
                .map(created -> view(created.session(), Map.of("Authorization", "Bearer " + created.token())));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a session")
    public Uni<SessionView> get(@PathParam("id") String id) {
        Principal member = caller.member();
        return sessions.get(member.tenantId(), id).map(session -> view(ownedBy(member, session), Map.of()));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "End a session", description = "Its URL and token stop working at once.")
    public Uni<DeletedView> delete(@PathParam("id") String id) {
        Principal member = caller.member();
        return sessions.get(member.tenantId(), id)
                .invoke(session -> ownedBy(member, session))
                .chain(session -> sessions.delete(member.tenantId(), session.id))
                .map(session -> new DeletedView(session.id, true));
    }

    @POST
    @Path("/{id}/link")
    @ResponseStatus(201)
    @Operation(summary = "Start a connection for the session's user (session.authorize)",
            description = "{\"toolkit\", \"callback_url\"?, \"alias\"?}: a new INITIATED account through the auth config the session pins "
                    + "for the toolkit (else the toolkit's auth config whose key each user brings) and its single-use link; "
                    + "callback_url defaults to the session's manage_connections.callback_url.")
    public Uni<ConnectedAccountView.Linked> link(@PathParam("id") String id, @Valid @NotNull SessionLinkRequest body) {
        Principal member = caller.member();
        return sessions.get(member.tenantId(), id).invoke(session -> ownedBy(member, session))
                .chain(session -> toolkits.authorize(member.tenantId(), session.userId, sessions.configOf(session), body.toolkit(),
                        body.callbackUrl(), body.alias(), member.subject()))
                .map(ConnectedAccountView.Linked::of);
    }

    @GET
    @Path("/{id}/toolkits")
    @Operation(summary = "The session's toolkits and the user's connections (session.toolkits)",
            description = "Filters: toolkits (comma-separated slugs), is_connected, search (slug or name); pages by cursor and limit. "
                    + "A toolkit is connected when connected_account.status is ACTIVE; is_no_auth when it needs no connection.")
    public Uni<CursorPage<SessionToolkitView>> toolkits(@PathParam("id") String id, @QueryParam("toolkits") String only,
            @QueryParam("is_connected") String connected, @QueryParam("search") String search, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        Principal member = caller.member();
        PageRequest page = CursorPage.request(cursor, null, limit);
        Boolean isConnected = QueryBooleans.parse("is_connected", connected);
        return sessions.get(member.tenantId(), id).invoke(session -> ownedBy(member, session))
                .chain(session -> toolkits.toolkits(member.tenantId(), session.userId, sessions.configOf(session),
                        QueryLists.parse(only), isConnected, search, page));
    }

    /** {@code session.authorize}'s body; only private accounts exist, so {@code experimental} is read for nothing else. */
    public record SessionLinkRequest(@NotBlank @Size(max = 32) String toolkit, @Size(max = 2048) String callbackUrl,
            @Size(max = 100) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters") String alias,
            JsonNode experimental) {
    }

    /** A user sees only their own sessions (as not found otherwise); API keys and admins see all of the tenant's. */
    private static ToolRouterSessionEntity ownedBy(Principal caller, ToolRouterSessionEntity session) {
        if (!caller.isApiKey() && !caller.hasRole(Roles.ADMIN) && !session.userId.equals(caller.userId())) {
            throw ProblemException.notFound("Session", session.id);
        }
        return session;
    }

    private SessionView view(ToolRouterSessionEntity session, Map<String, String> headers) {
        JsonNode config = sessions.configOf(session);
        boolean manageConnections = config.path("manage_connections").path("enable").asBoolean(true);
        return new SessionView(session.id, new SessionView.McpEndpoint("http", urls.session(session.id), headers),
                ConnectionManagementTools.forSession(manageConnections), config, session.configVersion,
                session.createdAt, session.expiresAt, List.of());
    }
}
