package dev.switchboard.toolrouter.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.common.ApiPaths;
import dev.switchboard.common.DeletedView;
import dev.switchboard.common.McpUrls;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.identity.CurrentPrincipal;
import dev.switchboard.identity.Principal;
import dev.switchboard.identity.Roles;
import dev.switchboard.toolrouter.ConnectionManagementTools;
import dev.switchboard.toolrouter.SessionRequestParser;
import dev.switchboard.toolrouter.ToolRouterSessionEntity;
import dev.switchboard.toolrouter.ToolRouterSessionService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
