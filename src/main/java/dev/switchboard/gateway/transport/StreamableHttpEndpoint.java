package dev.switchboard.gateway.transport;

import dev.switchboard.gateway.protocol.McpHeaders;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.relay.SessionChannels;
import dev.switchboard.gateway.relay.UpstreamRelay;
import dev.switchboard.gateway.mcpsession.McpSessions;
import dev.switchboard.gateway.upstream.UpstreamSessions;
import dev.switchboard.gateway.upstream.UpstreamClient;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The Streamable HTTP endpoints of persistent MCP servers ({@code /v3/mcp/{serverId}/mcp?user_id=…}) and
 * of sessions ({@code /tool_router/{sessionId}/mcp}): the transport's HTTP rules, who may call, and the
 * session; {@code initialize} opens a session with every upstream, later messages go to the
 * {@link MessageDispatcher}, GET to the {@link StandaloneStreams}, DELETE ends the upstream sessions.
 */
@ApplicationScoped
public class StreamableHttpEndpoint {

    private static final Logger LOG = Logger.getLogger(StreamableHttpEndpoint.class);
    static final String SERVER_PATH = "/v3/mcp/:serverId/mcp";
    static final String SESSION_PATH = "/tool_router/:sessionId/mcp";

    /** Finds what a request addresses and for whom, or answers the client why not and yields null. */
    @FunctionalInterface
    interface CallResolver {
        Uni<GatewayCall> resolve(RoutingContext ctx);
    }

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    @Inject
    GatewayCallResolver calls;

    @Inject
    OriginPolicy origins;

    @Inject
    MessageDispatcher dispatcher;

    @Inject
    StandaloneStreams standaloneStreams;

    @Inject
    SessionInitializer initializer;

    @Inject
    UpstreamSessions upstreamSessions;

    @Inject
    UpstreamClient upstreams;

    @Inject
    SessionChannels channels;

    @Inject
    McpSessions clientSessions;

    @Inject
    UpstreamRelay relay;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        install(router, SERVER_PATH, calls::serverCall);
        install(router, SESSION_PATH, calls::sessionCall);
    }

    private void install(Router router, String path, CallResolver resolver) {
        origins.protect(router, path);
        router.post(path).handler(BodyHandler.create().setBodyLimit(maxBodySize.asLongValue())).handler(ctx -> post(ctx, resolver));
        router.get(path).handler(ctx -> get(ctx, resolver));
        router.delete(path).handler(ctx -> delete(ctx, resolver));
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
        if (!(message instanceof ObjectNode object) || !"2.0".equals(message.path("jsonrpc").asText())) {
            HttpChecks.jsonRpcError(ctx, 400, null, JsonRpc.INVALID_REQUEST, "Invalid request: expected one JSON-RPC 2.0 message");
            return;
        }
        if ("initialize".equals(object.path("method").asText())) {
            resolve(ctx, resolver, call -> initialize(ctx, call, object));
        } else {
            inSession(ctx, resolver, exchange -> {
                ctx.response().putHeader(McpHeaders.SESSION_ID, exchange.sessionId());
                dispatcher.dispatch(exchange, object);
            });
        }
    }

    private void get(RoutingContext ctx, CallResolver resolver) {
        if (!HttpChecks.acceptsEventStream(ctx) || !HttpChecks.supportedVersion(ctx)) {
            return;
        }
        inSession(ctx, resolver, exchange -> standaloneStreams.open(exchange, ctx.request().getHeader(McpHeaders.LAST_EVENT_ID)));
    }

    private void delete(RoutingContext ctx, CallResolver resolver) {
        inSession(ctx, resolver, exchange -> {
            channels.close(exchange.sessionId());
            clientSessions.end(exchange.sessionId(), exchange.state())
                    .chain(() -> upstreamSessions.endAll(exchange.call().server(), exchange.state()))
                    .subscribe().with(ended -> ctx.response().setStatusCode(200).end(), failure -> fail(ctx, failure));
        });
    }

    private void resolve(RoutingContext ctx, CallResolver resolver, Consumer<GatewayCall> then) {
        resolver.resolve(ctx).subscribe().with(call -> {
            if (call != null) {
                then.accept(call);
            }
        }, failure -> fail(ctx, failure));
    }

    /** A request after initialize: its session opened (400 without one, 404 when unknown), then handled. */
    private void inSession(RoutingContext ctx, CallResolver resolver, Consumer<McpExchange> then) {
        resolve(ctx, resolver, call -> {
            String sessionId = ctx.request().getHeader(McpHeaders.SESSION_ID);
            if (sessionId == null || sessionId.isBlank()) {
                HttpChecks.problem(ctx, 400, "Mcp-Session-Id is required; send initialize first");
                return;
            }
            clientSessions.open(sessionId, call).subscribe().with(sealed -> {
                if (sealed == null) {
                    HttpChecks.problem(ctx, 404, "Unknown or ended MCP session; initialize a new one");
                    return;
                }
                then.accept(new McpExchange(ctx, call, upstreamSessions.effective(sessionId, sealed), sessionId,
                        new StreamableReply(ctx, relay)));
            }, failure -> fail(ctx, failure));
        });
    }

    private void initialize(RoutingContext ctx, GatewayCall call, ObjectNode message) {
        initializer.initialize(call, message).subscribe().with(initialized -> {
            ctx.response().putHeader(McpHeaders.SESSION_ID, clientSessions.seal(initialized.state()));
            HttpChecks.json(ctx, 200, initialized.response());
        }, failure -> fail(ctx, failure));
    }

        private void fail(RoutingContext ctx, Throwable failure) {
        if (failure instanceof AuthenticationFailedException) {
            calls.unauthorized(ctx, failure.getMessage() == null ? "The credentials are not valid" : failure.getMessage());
            return;
        }
        LOG.error("MCP request failed", failure);
        if (!ctx.response().headWritten()) {
            HttpChecks.jsonRpcError(ctx, 500, null, JsonRpc.INTERNAL_ERROR, "Internal error");
        }
    }
}
