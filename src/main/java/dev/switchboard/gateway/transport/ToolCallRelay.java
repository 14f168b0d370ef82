package dev.switchboard.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.audit.AuditEvent;
import dev.switchboard.audit.AuditLog;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.fanout.ToolCatalog;
import dev.switchboard.gateway.fanout.ToolNamespace;
import dev.switchboard.gateway.jsonrpc.JsonRpc;
import dev.switchboard.gateway.session.SealedSessionId.State;
import dev.switchboard.gateway.upstream.UpstreamSession;
import dev.switchboard.gateway.upstream.UpstreamClient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * {@code tools/call}: routed by the tool's namespace to the owning upstream, whose answer is piped to the
 * client as it arrives (JSON stays JSON, an event stream is relayed event by event), and audited.
 */
@ApplicationScoped
class ToolCallRelay {

    private static final Logger LOG = Logger.getLogger(ToolCallRelay.class);

    @Inject
    UpstreamClient upstreams;

    @Inject
    AuditLog audit;

    void relay(RoutingContext ctx, GatewayCall call, State state, ObjectNode message) {
        JsonNode id = message.get("id");
        String exposed = message.path("params").path("name").asText("");
        String[] parts = ToolNamespace.split(exposed);
        UpstreamTarget target = parts == null ? null : call.server().upstream(parts[0]);
        UpstreamSession session = target == null ? null : state.upstreams().get(target.slug());
        long started = System.nanoTime();
        if (target == null || !ToolCatalog.allowed(call.server(), parts[0], parts[1])) {
            audit(call, exposed, "unknown_tool", started);
            HttpChecks.json(ctx, 200, JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown tool: " + exposed));
            return;
        }
        if (session == null) {
            audit(call, exposed, "unavailable", started);
            HttpChecks.json(ctx, 200, toolError(id, "The toolkit '" + target.slug() + "' is not available in this session"));
            return;
        }
        ObjectNode upstreamMessage = message.deepCopy();
        ((ObjectNode) upstreamMessage.get("params")).put("name", parts[1]);
        upstreams.send(target, session.sessionId(), session.protocolVersion(), Buffer.buffer(upstreamMessage.toString()))
                .onSuccess(upstream -> pipe(ctx, upstream).onComplete(relayed -> audit(call, exposed,
                        relayed.failed() ? "interrupted" : upstream.statusCode() == 200 ? "completed" : "upstream_http_" + upstream.statusCode(),
                        started)))
                .onFailure(failure -> {
                    audit(call, exposed, "upstream_unreachable", started);
                    LOG.warnf("tools/call to %s failed: %s", target.slug(), failure.getMessage());
                    HttpChecks.json(ctx, 200, toolError(id, "The toolkit '" + target.slug() + "' did not answer: " + failure.getMessage()));
                });
    }

    /** Streams the upstream's answer to the client as it arrives: JSON stays JSON, SSE is relayed event by event. */
    private static Future<Void> pipe(RoutingContext ctx, HttpClientResponse upstream) {
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
        return upstream.pipeTo(response).onFailure(failure -> LOG.debugf("Relay ended early: %s", failure.getMessage()));
    }

    private static ObjectNode toolError(JsonNode id, String text) {
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("isError", true);
        result.putArray("content").addObject().put("type", "text").put("text", text);
        return JsonRpc.result(id, result);
    }

    private void audit(GatewayCall call, String tool, String outcome, long startedNanos) {
        audit.record(new AuditEvent(call.server().tenantId().value(), call.actor(), call.userId(), "tools/call",
                call.server().id(), tool, outcome, (System.nanoTime() - startedNanos) / 1_000_000, Instant.now()));
    }
}
