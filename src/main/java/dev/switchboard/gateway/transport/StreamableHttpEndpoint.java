package dev.switchboard.gateway.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.mcpsession.McpSessionState;
import dev.switchboard.gateway.mcpsession.McpSessions;
import dev.switchboard.gateway.pipeline.GatewayPipeline;
import dev.switchboard.gateway.pipeline.GatewayRequest;
import dev.switchboard.gateway.pipeline.McpEntry;
import dev.switchboard.gateway.pipeline.Refusal;
import dev.switchboard.gateway.protocol.McpHeaders;
import dev.switchboard.gateway.protocol.ProtocolVersions;
import dev.switchboard.gateway.relay.SessionChannels;
import dev.switchboard.gateway.relay.UpstreamRelay;
import dev.switchboard.gateway.upstream.UpstreamSessions;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The Streamable HTTP endpoints of persistent MCP servers ({@code /v3/mcp/{serverId}/mcp?user_id=…}) and
 * of sessions ({@code /tool_router/{sessionId}/mcp}). Every request takes the {@link GatewayPipeline};
 * this class is its dispatch for the transport: {@code initialize} opens an MCP session with every
 * upstream, later messages need that session ({@code Mcp-Session-Id}) and go to the
 * {@link MessageDispatcher}, GET to the {@link StandaloneStreams}, DELETE ends the upstream sessions. A POST
 * stating {@code MCP-Protocol-Version: 2026-07-28} is self-describing and takes the {@link StatelessFront}.
 */
@ApplicationScoped
public class StreamableHttpEndpoint {

    static final String SERVER_PATH = "/v3/mcp/:serverId/mcp";
    static final String SESSION_PATH = "/tool_router/:sessionId/mcp";

    @Inject
    GatewayPipeline pipeline;

    @Inject
    MessageDispatcher dispatcher;

    @Inject
    StatelessFront statelessFront;

    @Inject
    StandaloneStreams standaloneStreams;

    @Inject
    SessionInitializer initializer;

    @Inject
    UpstreamSessions upstreamSessions;

    @Inject
    SessionChannels channels;

    @Inject
    McpSessions mcpSessions;

    @Inject
    UpstreamRelay relay;

    void install(@Observes Router router) {
        for (String path : List.of(SERVER_PATH, SESSION_PATH)) {
            pipeline.route(router, HttpMethod.POST, path, true, ctx -> {
                if (ProtocolVersions.STATELESS.equals(ctx.request().getHeader(McpHeaders.PROTOCOL_VERSION))) {
                    pipeline.run(new GatewayRequest(ctx, McpEntry.STATELESS_MESSAGE), statelessFront::message);
                } else {
                    pipeline.run(new GatewayRequest(ctx, McpEntry.STREAMABLE_MESSAGE), this::message);
                }
            });
            pipeline.route(router, HttpMethod.GET, path, false,
                    ctx -> pipeline.run(new GatewayRequest(ctx, McpEntry.STREAMABLE_STREAM), this::stream));
            pipeline.route(router, HttpMethod.DELETE, path, false,
                    ctx -> pipeline.run(new GatewayRequest(ctx, McpEntry.STREAMABLE_END), this::end));
        }
    }

    private Uni<Void> message(GatewayRequest request) {
        ObjectNode message = request.message();
        RoutingContext ctx = request.ctx();
        if ("initialize".equals(message.path("method").asText())) {
            return initializer.initialize(request.call(), message).invoke(initialized -> {
                ctx.response().putHeader(McpHeaders.SESSION_ID, mcpSessions.seal(initialized.state()));
                new StreamableReply(ctx, relay).send(initialized.response());
            }).replaceWithVoid();
        }
        // The session id is not echoed: a client keeps the one initialize gave it, and this one is ~600 characters.
        return dispatcher.dispatch(exchange(request), message);
    }

    private Uni<Void> stream(GatewayRequest request) {
        return standaloneStreams.open(exchange(request), request.ctx().request().getHeader(McpHeaders.LAST_EVENT_ID));
    }

    private Uni<Void> end(GatewayRequest request) {
        McpExchange exchange = exchange(request);
        channels.close(exchange.sessionId());
        return mcpSessions.end(exchange.sessionId(), exchange.state())
                .chain(() -> upstreamSessions.endAll(exchange.call().server(), exchange.state()))
                .invoke(() -> request.ctx().response().setStatusCode(200).end());
    }

    /** The MCP session a request after initialize belongs to: 400 without one, 404 when unknown or ended. */
    private McpExchange exchange(GatewayRequest request) {
        String sessionId = request.ctx().request().getHeader(McpHeaders.SESSION_ID);
        if (sessionId == null || sessionId.isBlank()) {
            throw Refusal.of(400, "Mcp-Session-Id is required; send initialize first");
        }
        GatewayCall call = request.call();
        McpSessionState sealed = mcpSessions.open(sessionId, call);
        if (sealed == null) {
            throw Refusal.of(404, "Unknown or ended MCP session; initialize a new one");
        }
        StreamableReply reply = new StreamableReply(request.ctx(), relay);
        request.reply(reply);
        return new McpExchange(request.ctx(), call, upstreamSessions.effective(sessionId, sealed, call.server()), sessionId, reply);
    }
}
