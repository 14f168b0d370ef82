package dev.switchboard.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.ServerDirectory;
import dev.switchboard.gateway.SessionDirectory;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.fanout.ToolCatalog;
import dev.switchboard.gateway.fanout.ToolNamespace;
import dev.switchboard.gateway.jsonrpc.JsonRpc;
import dev.switchboard.gateway.session.SealedSessionId;
import dev.switchboard.gateway.session.SealedSessionId.State;
import dev.switchboard.gateway.session.SealedSessionId.UpstreamSession;
import dev.switchboard.gateway.session.UpstreamHandshake;
import dev.switchboard.gateway.upstream.UpstreamClient;
import dev.switchboard.identity.CurrentPrincipal;
import dev.switchboard.identity.Principal;
import dev.switchboard.tenancy.TenantId;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * The Streamable HTTP endpoints of persistent MCP servers ({@code /v3/mcp/{serverId}/mcp?user_id=…}) and
 * of sessions ({@code /tool_router/{sessionId}/mcp}): authenticate, resolve the server or session, then answer {@code initialize} and {@code tools/list} by fanning out
 * to every upstream, and route {@code tools/call} to the owning upstream, piping its event stream back.
 */
@ApplicationScoped
public class StreamableHttpEndpoint {

    private static final Logger LOG = Logger.getLogger(StreamableHttpEndpoint.class);
    static final String SERVER_PATH = "/v3/mcp/:serverId/mcp";
    static final String SESSION_PATH = "/tool_router/:sessionId/mcp";
    private static final String SESSION_TOKEN_PREFIX = "Bearer sbs_";

    /** Finds what a request addresses and for whom, or answers the client why not and yields null. */
    @FunctionalInterface
    interface CallResolver {
        Uni<GatewayCall> resolve(RoutingContext ctx);
    }

    @Inject
    IdentityProviderManager identities;

    @Inject
    ServerDirectory servers;

    @Inject
    SessionDirectory sessions;

    @Inject
    UpstreamHandshake handshake;

    @Inject
    ToolCatalog catalog;

    @Inject
    UpstreamClient upstreams;

    @Inject
    Secrets secrets;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        install(router, SERVER_PATH, this::serverCall);
        install(router, SESSION_PATH, this::sessionCall);
    }

    private void install(Router router, String path, CallResolver resolver) {
        router.post(path).handler(BodyHandler.create().setBodyLimit(4 * 1024 * 1024)).handler(ctx -> post(ctx, resolver));
        router.delete(path).handler(ctx -> delete(ctx, resolver));
        router.get(path).handler(ctx -> ctx.response().setStatusCode(405).putHeader("Allow", "POST, DELETE").end());
    }

    private void post(RoutingContext ctx, CallResolver resolver) {
        if (!HttpChecks.acceptsJsonAndEventStream(ctx) || !HttpChecks.sendsJson(ctx) || !HttpChecks.supportedVersion(ctx)) {
            return;
        }
        JsonNode message;
        try {
            message = json.readTree(ctx.body().asString());
        } catch (IOException | RuntimeException e) {
            HttpChecks.jsonRpcError(ctx, 400, null, JsonRpc.PARSE_ERROR, "Parse error: the body is not JSON");
            return;
        }
        if (message == null || !message.isObject() || !"2.0".equals(message.path("jsonrpc").asText())) {
            HttpChecks.jsonRpcError(ctx, 400, null, JsonRpc.INVALID_REQUEST, "Invalid request: expected one JSON-RPC 2.0 message");
            return;
        }
        resolver.resolve(ctx).subscribe().with(call -> {
            if (call == null) {
                return;
            }
            if ("initialize".equals(message.path("method").asText())) {
                initialize(ctx, call, message);
            } else {
                State state = HttpChecks.session(ctx, call, secrets);
                if (state != null) {
                    dispatch(ctx, call, state, message);
                }
            }
        }, failure -> fail(ctx, failure));
    }

    private void delete(RoutingContext ctx, CallResolver resolver) {
        resolver.resolve(ctx).subscribe().with(call -> {
            if (call == null) {
                return;
            }
            State state = HttpChecks.session(ctx, call, secrets);
            if (state == null) {
                return;
            }
            Uni.join().all(state.upstreams().entrySet().stream().map(e -> {
                UpstreamTarget target = call.server().upstream(e.getKey());
                return target == null ? Uni.createFrom().voidItem()
                        : upstreams.delete(target, e.getValue().sessionId(), e.getValue().protocolVersion())
                                .onFailure().recoverWithNull();
            }).toList()).andCollectFailures().subscribe().with(
                    done -> ctx.response().setStatusCode(200).end(),
                    failure -> ctx.response().setStatusCode(200).end());
        }, failure -> fail(ctx, failure));
    }

    private void initialize(RoutingContext ctx, GatewayCall call, JsonNode message) {
        JsonNode params = message.path("params");
        String version = ProtocolVersions.negotiate(params.path("protocolVersion").asText(null));
        handshake.initializeAll(call.server(), params, version).subscribe().with(sessions -> {
            State state = new State(call.server().tenantId().value(), call.userId(), call.server().id(), version, sessions);
            ObjectNode result = JsonNodeFactory.instance.objectNode().put("protocolVersion", version);
            result.putObject("capabilities").putObject("tools").put("listChanged", false);
            result.putObject("serverInfo").put("name", "switchboard: " + call.server().name()).put("version", "0.1.0");
            ctx.response().putHeader(UpstreamClient.SESSION_HEADER, SealedSessionId.seal(secrets.require(), state));
            HttpChecks.json(ctx, 200, JsonRpc.result(message.get("id"), result));
        }, failure -> fail(ctx, failure));
    }

    private void dispatch(RoutingContext ctx, GatewayCall call, State state, JsonNode message) {
        ctx.response().putHeader(UpstreamClient.SESSION_HEADER, ctx.request().getHeader(UpstreamClient.SESSION_HEADER));
        if (!JsonRpc.isRequest(message)) {
            // Notifications and client responses: the upstream handshakes already sent notifications/initialized.
            ctx.response().setStatusCode(202).end();
            return;
        }
        JsonNode id = message.get("id");
        switch (message.path("method").asText()) {
            case "ping" -> HttpChecks.json(ctx, 200, JsonRpc.result(id, JsonNodeFactory.instance.objectNode()));
            case "tools/list" -> catalog.list(call.server(), state.upstreams()).subscribe().with(tools -> {
                ObjectNode result = JsonNodeFactory.instance.objectNode();
                result.set("tools", tools);
                HttpChecks.json(ctx, 200, JsonRpc.result(id, result));
            }, failure -> fail(ctx, failure));
            case "tools/call" -> callTool(ctx, call, state, (ObjectNode) message);
            default -> HttpChecks.json(ctx, 200, JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND,
                    "Method not found: " + message.path("method").asText()));
        }
    }

    private void callTool(RoutingContext ctx, GatewayCall call, State state, ObjectNode message) {
        JsonNode id = message.get("id");
        String exposed = message.path("params").path("name").asText("");
        String[] parts = ToolNamespace.split(exposed);
        UpstreamTarget target = parts == null ? null : call.server().upstream(parts[0]);
        UpstreamSession session = target == null ? null : state.upstreams().get(target.slug());
        if (target == null || !ToolCatalog.allowed(call.server(), parts[0], parts[1])) {
            HttpChecks.json(ctx, 200, JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown tool: " + exposed));
            return;
        }
        if (session == null) {
            HttpChecks.json(ctx, 200, toolError(id, "The toolkit '" + target.slug() + "' is not available in this session"));
            return;
        }
        ObjectNode upstreamMessage = message.deepCopy();
        ((ObjectNode) upstreamMessage.get("params")).put("name", parts[1]);
        upstreams.send(target, session.sessionId(), session.protocolVersion(), Buffer.buffer(upstreamMessage.toString()))
                .onSuccess(upstream -> pipe(ctx, upstream))
                .onFailure(failure -> {
                    LOG.warnf("tools/call to %s failed: %s", target.slug(), failure.getMessage());
                    HttpChecks.json(ctx, 200, toolError(id, "The toolkit '" + target.slug() + "' did not answer: " + failure.getMessage()));
                });
    }

    /** Streams the upstream's answer to the client as it arrives: JSON stays JSON, SSE is relayed event by event. */
    private static void pipe(RoutingContext ctx, HttpClientResponse upstream) {
        HttpServerResponse response = ctx.response();
        String contentType = upstream.getHeader("Content-Type");
        response.setStatusCode(upstream.statusCode());
        if (contentType != null) {
            response.putHeader("Content-Type", contentType);
        }
        if (contentType != null && contentType.startsWith("text/event-stream")) {
            response.setChunked(true).putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
        }
        response.closeHandler(closed -> upstream.request().reset());
        upstream.pipeTo(response).onFailure(failure -> LOG.debugf("Relay ended early: %s", failure.getMessage()));
    }

    private static ObjectNode toolError(JsonNode id, String text) {
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("isError", true);
        result.putArray("content").addObject().put("type", "text").put("text", text);
        return JsonRpc.result(id, result);
    }

    private Uni<Principal> caller(RoutingContext ctx) {
        return QuarkusHttpUser.getSecurityIdentity(ctx, identities).map(identity -> identity == null || identity.isAnonymous()
                ? null
                : (Principal) identity.getAttribute(CurrentPrincipal.ATTRIBUTE));
    }

    /** A persistent server's URL: an API key acts for the {@code user_id} it names, a user for themselves. */
    private Uni<GatewayCall> serverCall(RoutingContext ctx) {
        return caller(ctx).chain(caller -> {
            if (!hasTenant(ctx, caller)) {
                return Uni.createFrom().nullItem();
            }
            return serverCall(ctx, caller);
        });
    }

    /**
     * A session's URL accepts the session's own token, the tenant's API key, or the session user's SSO
     * token; it always acts for the session's user. Someone else's session is not found.
     */
    private Uni<GatewayCall> sessionCall(RoutingContext ctx) {
        String sessionId = ctx.pathParam("sessionId");
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization != null && authorization.startsWith(SESSION_TOKEN_PREFIX)) {
            return sessions.grant(authorization.substring("Bearer ".length()).trim()).chain(grant -> {
                if (grant == null || !grant.sessionId().equals(sessionId)) {
                    HttpChecks.unauthorized(ctx, "The session token is not valid for this session (or the session expired)");
                    return Uni.createFrom().nullItem();
                }
                return session(ctx, grant.tenantId(), sessionId, null);
            });
        }
        return caller(ctx).chain(caller -> hasTenant(ctx, caller)
                ? session(ctx, caller.tenantId(), sessionId, caller.isApiKey() ? null : caller.userId())
                : Uni.createFrom().nullItem());
    }

    private Uni<GatewayCall> session(RoutingContext ctx, TenantId tenant, String sessionId, String requiredUser) {
        return sessions.resolve(tenant, sessionId).map(session -> {
            if (session == null || requiredUser != null && !requiredUser.equals(session.userId())) {
                HttpChecks.problem(ctx, 404, "Session '" + sessionId + "' does not exist or expired");
                return null;
            }
            return new GatewayCall(session.server(), session.userId());
        });
    }

    private static boolean hasTenant(RoutingContext ctx, Principal caller) {
        if (caller == null) {
            HttpChecks.unauthorized(ctx, "Authentication is required: send an x-api-key header or an OIDC bearer token");
            return false;
        }
        if (caller.tenantId() == null) {
            HttpChecks.problem(ctx, 403, caller.tenantRefusal());
            return false;
        }
        return true;
    }

    private Uni<GatewayCall> serverCall(RoutingContext ctx, Principal caller) {
        String requested = ctx.request().getParam("user_id");
        String userId;
        if (caller.isApiKey()) {
            if (requested == null || requested.isBlank()) {
                HttpChecks.problem(ctx, 400, "user_id is required when calling with an API key");
                return Uni.createFrom().nullItem();
            }
            userId = requested;
        } else if (requested != null && !requested.equals(caller.userId())) {
            HttpChecks.problem(ctx, 403, "A user may only use their own MCP URL");
            return Uni.createFrom().nullItem();
        } else {
            userId = caller.userId();
        }
        String serverId = ctx.pathParam("serverId");
        return servers.resolve(caller.tenantId(), serverId).map(server -> {
            if (server == null) {
                HttpChecks.problem(ctx, 404, "MCP server '" + serverId + "' does not exist");
                return null;
            }
            return new GatewayCall(server, userId);
        });
    }

    private static void fail(RoutingContext ctx, Throwable failure) {
        if (failure instanceof AuthenticationFailedException) {
            HttpChecks.unauthorized(ctx, failure.getMessage() == null ? "The credentials are not valid" : failure.getMessage());
            return;
        }
        LOG.error("MCP request failed", failure);
        if (!ctx.response().headWritten()) {
            HttpChecks.jsonRpcError(ctx, 500, null, JsonRpc.INTERNAL_ERROR, "Internal error");
        }
    }

    /** A request the gateway accepted: the server it addresses and the user it acts for. */
    record GatewayCall(ResolvedServer server, String userId) {
    }
}
