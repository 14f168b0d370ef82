package dev.switchboard.gateway.transport;

import dev.switchboard.gateway.relay.UpstreamLink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.common.SecureIds;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.SseEvent;
import dev.switchboard.gateway.relay.ClientEventStream;
import dev.switchboard.gateway.relay.ClientReply;
import dev.switchboard.gateway.relay.ClientStream;
import dev.switchboard.gateway.relay.ClientStreamKind;
import dev.switchboard.gateway.relay.SessionChannels;
import dev.switchboard.gateway.relay.StreamView;
import dev.switchboard.gateway.relay.UpstreamRelay;
import dev.switchboard.gateway.mcpsession.McpSessionState;
import dev.switchboard.gateway.upstream.UpstreamSessions;
import dev.switchboard.gateway.pipeline.GatewayPipeline;
import dev.switchboard.gateway.pipeline.GatewayRequest;
import dev.switchboard.gateway.pipeline.McpEntry;
import dev.switchboard.gateway.pipeline.Refusal;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The legacy HTTP+SSE transport (MCP 2024-11-05) for clients that do not speak Streamable HTTP yet:
 * {@code GET /v3/mcp/{serverId}/sse?user_id=…} opens the session's event stream, whose first event names
 * the endpoint the client POSTs its messages to; every answer travels on the stream. The stream is one
 * connection to one replica, which serves the session; a POST that reaches another replica is handed
 * over to it ({@link ReplicaHandoff}), so no sticky routing is needed.
 */
@ApplicationScoped
public class LegacySseEndpoint {

    private static final Logger LOG = Logger.getLogger(LegacySseEndpoint.class);
    static final String SSE_PATH = "/v3/mcp/:serverId/sse";
    static final String MESSAGES_PATH = "/v3/mcp/:serverId/messages";

    /** A legacy session on this replica: who it is for, its stream (and the GET that opened it), its state once initialized. */
    private static final class LegacySession {
        final String id;
        final GatewayCall call;
        final RoutingContext ctx;
        final ClientEventStream stream;
        volatile McpSessionState state;

        LegacySession(String id, GatewayCall call, RoutingContext ctx, ClientEventStream stream) {
            this.id = id;
            this.call = call;
            this.ctx = ctx;
            this.stream = stream;
        }

        boolean isFor(GatewayCall other) {
            return call.server().id().equals(other.server().id())
                    && call.server().tenantId().equals(other.server().tenantId()) && call.userId().equals(other.userId());
        }
    }

    /**
     * Answers go out as {@code message} events on the session's stream; the POST was answered 202. An
     * answer sent while a view of the stream is open ends the view: it is the request's last word.
     */
    private static final class LegacyReply implements ClientReply {

        private final ClientEventStream stream;
        private StreamView view;

        LegacyReply(ClientEventStream stream) {
            this.stream = stream;
        }

        @Override
        public void send(JsonNode message) {
            stream.send(new SseEvent(null, "message", message.toString(), null));
            if (view != null) {
                view.end();
            }
        }

        @Override
        public ClientStream openStream() {
            view = new StreamView(stream);
            return view;
        }

        @Override
        public void accepted() {
        }
    }

    private final Map<String, LegacySession> sessions = new ConcurrentHashMap<>();

    @Inject
    GatewayPipeline pipeline;

    @Inject
    SessionInitializer initializer;

    @Inject
    MessageDispatcher dispatcher;

    @Inject
    UpstreamSessions upstreamSessions;

    @Inject
    SessionChannels channels;

    @Inject
    ReplicaHandoff handoff;

    @Inject
    UpstreamRelay relay;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        pipeline.route(router, HttpMethod.GET, SSE_PATH, false,
                ctx -> pipeline.run(new GatewayRequest(ctx, McpEntry.LEGACY_STREAM), this::open));
        pipeline.route(router, HttpMethod.POST, MESSAGES_PATH, true,
                ctx -> pipeline.run(new GatewayRequest(ctx, McpEntry.LEGACY_MESSAGE), this::deliver));
    }

    /** Opens the session's stream; its first event, once any replica can take the session's messages, names the endpoint. */
    private Uni<Void> open(GatewayRequest request) {
        GatewayCall call = request.call();
        RoutingContext ctx = request.ctx();
        LegacySession session = new LegacySession(SecureIds.newId("sse"), call, ctx,
                relay.eventStream(ctx.response(), ClientStreamKind.LEGACY).open(true));
        sessions.put(session.id, session);
        session.stream.onClose(() -> close(session));
        return handoff.register(session.id, call, body -> handOver(session, body)).invoke(() -> {
            String endpoint = "/v3/mcp/" + call.server().id() + "/messages?session_id=" + session.id + "&user_id="
                    + URLEncoder.encode(call.userId(), StandardCharsets.UTF_8);
            session.stream.send(new SseEvent(null, "endpoint", endpoint, null));
        });
    }

    /** A POSTed message: answered 202, then handled on the session's stream, here or on the replica that holds it. */
    private Uni<Void> deliver(GatewayRequest request) {
        String sessionId = String.valueOf(request.ctx().request().getParam("session_id"));
        LegacySession session = sessions.get(sessionId);
        if (session != null && session.isFor(request.call())) {
            request.ctx().response().setStatusCode(202).end();
            return handle(session, request);
        }
        // Its stream may be held by another replica: hand the message over.
        return handoff.forward(sessionId, request.call(), request.message().toString()).invoke(forwarded -> {
            if (!forwarded) {
                throw Refusal.of(404, "Unknown SSE session (it ended); open the stream again");
            }
            request.ctx().response().setStatusCode(202).end();
        }).replaceWithVoid();
    }

    /** A message another replica received for a session of this one: it took the stages up to dispatch there. */
    private void handOver(LegacySession session, String body) {
        ObjectNode message;
        try {
            message = (ObjectNode) json.readTree(body);
        } catch (IOException | ClassCastException e) {
            LOG.warnf("A handed-over message of SSE session %s is not a JSON-RPC message", session.id);
            return;
        }
        GatewayRequest request = GatewayRequest.handedOver(session.ctx, message);
        pipeline.dispatchHandedOver(request, () -> handle(session, request));
    }

    private Uni<Void> handle(LegacySession session, GatewayRequest request) {
        ObjectNode message = request.message();
        LegacyReply reply = new LegacyReply(session.stream);
        request.reply(reply);
        if ("initialize".equals(message.path("method").asText())) {
            return initializer.initialize(session.call, message).invoke(initialized -> {
                session.state = initialized.state();
                reply.send(initialized.response());
                channels.attach(session.id, new StreamView(session.stream),
                        UpstreamLink.all(session.call.server(), initialized.state()));
            }).replaceWithVoid();
        }
        McpSessionState state = session.state;
        if (state == null) {
            if (JsonRpc.isRequest(message)) {
                reply.send(JsonRpc.error(message.get("id"), JsonRpc.INVALID_REQUEST, "Send initialize first"));
            }
            return Uni.createFrom().voidItem();
        }
        return dispatcher.dispatch(new McpExchange(session.ctx, session.call,
                upstreamSessions.effective(session.id, state, session.call.server()), session.id, reply), message);
    }

    private void close(LegacySession session) {
        sessions.remove(session.id);
        handoff.unregister(session.id).subscribe().with(done -> {
        }, failure -> LOG.debugf("SSE session %s not unregistered: %s", session.id, failure.getMessage()));
        channels.close(session.id);
        McpSessionState state = session.state;
        if (state != null) {
            upstreamSessions.endAll(session.call.server(), upstreamSessions.effective(session.id, state, session.call.server())).subscribe().with(
                    ended -> LOG.debugf("SSE session %s ended", session.id),
                    failure -> LOG.debugf("SSE session %s ended with upstream errors: %s", session.id, failure.getMessage()));
        }
    }
}
