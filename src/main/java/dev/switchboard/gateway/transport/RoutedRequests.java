package dev.switchboard.gateway.transport;

import dev.switchboard.gateway.relay.UpstreamLink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.audit.AuditEvent;
import dev.switchboard.audit.AuditLog;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.fanout.ListAggregator;
import dev.switchboard.gateway.fanout.MessageRoutes;
import dev.switchboard.gateway.fanout.MessageRoutes.Address;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.relay.UpstreamMessages;
import dev.switchboard.gateway.relay.SessionChannels;
import dev.switchboard.gateway.relay.UpstreamRelay;
import dev.switchboard.gateway.upstream.UpstreamSessions;
import dev.switchboard.gateway.protocol.SseEvent;
import dev.switchboard.gateway.relay.ClientStream;
import dev.switchboard.gateway.upstream.LegacySseUpstreams;
import dev.switchboard.gateway.upstream.UpstreamClient;
import dev.switchboard.gateway.upstream.UpstreamException;
import dev.switchboard.gateway.upstream.UpstreamSession;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Requests that address one tool, prompt or resource ({@code tools/call}, {@code prompts/get},
 * {@code resources/read|subscribe|unsubscribe}, {@code completion/complete}): routed to the owning
 * upstream under its own names, with ids and progress tokens mapped, and its answer relayed as it
 * arrives. An upstream that lost the session is re-initialized and asked again. Tool calls are audited.
 */
@ApplicationScoped
class RoutedRequests {

    private static final Logger LOG = Logger.getLogger(RoutedRequests.class);
    private static final int RESOURCE_NOT_FOUND = -32002;

    @Inject
    MessageRoutes routes;

    @Inject
    UpstreamClient upstreams;

    @Inject
    UpstreamSessions sessions;

    @Inject
    UpstreamRelay relay;

    @Inject
    SessionChannels channels;

    @Inject
    LegacySseUpstreams legacy;

    @Inject
    AuditLog audit;

    void relay(McpExchange exchange, ObjectNode message) {
        String method = message.path("method").asText();
        JsonNode id = message.get("id");
        long started = System.nanoTime();
        Address address = MessageRoutes.address(method, message.path("params"));
        if (address == null) {
            exchange.reply().send(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid params for " + method));
            return;
        }
        routes.route(exchange.call().server(), exchange.state(), exchange.sessionId(), address).subscribe().with(route -> {
            boolean isToolCall = "tools/call".equals(method);
            if (route == null || isToolCall
                    && !ListAggregator.allowed(exchange.call().server(), route.target().slug(), route.upstreamKey())) {
                audit(exchange, method, address.exposed(), "unknown", started);
                exchange.reply().send(unknown(id, method, address.exposed()));
                return;
            }
            UpstreamSession session = exchange.upstreamSession(route.target().slug());
            if (session == null) {
                audit(exchange, method, address.exposed(), "unavailable", started);
                failed(exchange, id, method, route.target(), "is not available in this session");
                return;
            }
            ObjectNode upstreamMessage = UpstreamMessages.requestToUpstream(message);
            MessageRoutes.rename(method, (ObjectNode) upstreamMessage.get("params"), route.upstreamKey());
            Future<Answer> sent = UpstreamTarget.SSE.equals(route.target().transport())
                    ? sendLegacy(exchange, id, route.target(), session, upstreamMessage, true)
                    : send(exchange, method, id, route.target(), session, Buffer.buffer(upstreamMessage.toString()), true);
            sent
                    .onSuccess(answer -> answer.relayed().onComplete(done -> audit(exchange, method, address.exposed(),
                            outcome(done.succeeded() ? done.result() : null, answer.status()), started)))
                    .onFailure(failure -> {
                        audit(exchange, method, address.exposed(), "upstream_unreachable", started);
                        LOG.warnf("%s to %s failed: %s", method, route.target().slug(), failure.getMessage());
                        failed(exchange, id, method, route.target(), "did not answer: " + failure.getMessage());
                    });
        }, failure -> exchange.reply().send(JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, "Routing failed")));
    }

    /** The HTTP status the upstream answered, and the response relayed to the client (null: none). */
    private record Answer(int status, Future<JsonNode> relayed) {
    }

    private Future<Answer> send(McpExchange exchange, String method, JsonNode id, UpstreamTarget target, UpstreamSession session,
            Buffer body, boolean mayReopen) {
        UpstreamLink link = exchange.link(target, session);
        // Only a client that can be asked needs the upstream's standalone stream heard before the call.
        Future<Void> heard = exchange.state().clientCanBeAsked()
                ? channels.listen(exchange.sessionId(), link) : Future.succeededFuture();
        return heard
                .compose(listening -> upstreams.sendForRelay(target, session.sessionId(), exchange.versionFor(session), body))
                .compose(response -> {
            if (response.statusCode() != 200) {
                return relay.readBounded(response).compose(text -> {
                    if (mayReopen && session.sessionId() != null
                            && UpstreamException.isSessionLost(response.statusCode(), text.toString())) {
                        return reopen(exchange, target).compose(reopened -> send(exchange, method, id, target, reopened, body, false));
                    }
                    // An HTTP error instead of a JSON-RPC answer: the client gets a JSON-RPC error naming the status.
                    ObjectNode error = JsonRpc.error(id, JsonRpc.INTERNAL_ERROR,
                            "The toolkit '" + target.slug() + "' answered HTTP " + response.statusCode());
                    exchange.reply().send(error);
                    return Future.succeededFuture(new Answer(response.statusCode(), Future.succeededFuture(error)));
                });
            }
            Future<JsonNode> relayed = relay.answer(exchange.reply(), link, response,
                    stream -> channels.whileRelaying(exchange.sessionId(), target.slug(), stream));
            // A JSON answer that could not be read or is no response to the request still gets the client an answer.
            return Future.succeededFuture(new Answer(200, relayed.recover(failure -> {
                failed(exchange, id, method, target, "answered something unusable: " + failure.getMessage());
                return Future.succeededFuture(null);
            })));
        });
    }

    /** As {@link #send}, to an upstream that speaks legacy HTTP+SSE: the answer arrives on its connection's stream. */
    private Future<Answer> sendLegacy(McpExchange exchange, JsonNode id, UpstreamTarget target, UpstreamSession session,
            ObjectNode message, boolean mayReopen) {
        UpstreamLink link = exchange.link(target, session);
        Promise<JsonNode> relayed = Promise.promise();
        LegacySseUpstreams.Listener listener = new LegacySseUpstreams.Listener() {
            private ClientStream stream;
            private JsonNode answer;

            @Override
            public void event(SseEvent event) {
                if (stream == null) {
                    stream = exchange.reply().openStream();
                }
                relay.deliver(event, stream, link, response -> answer = response);
            }

            @Override
            public void ended() {
                if (stream != null) {
                    stream.end();
                } else if (answer == null) {
                    failed(exchange, id, message.path("method").asText(), target, "closed its stream");
                }
                relayed.tryComplete(answer);
            }
        };
        return legacy.relay(target, session.sessionId(), message, listener)
                .map(posted -> new Answer(200, relayed.future()))
                .recover(failure -> {
                    if (mayReopen && failure instanceof UpstreamException lost && lost.isSessionLost()) {
                        return reopen(exchange, target).compose(reopened -> sendLegacy(exchange, id, target, reopened, message, false));
                    }
                    return Future.failedFuture(failure);
                });
    }

    /** A new session with an upstream that lost this client session's, on this request's context. */
    private Future<UpstreamSession> reopen(McpExchange exchange, UpstreamTarget target) {
        return Future.fromCompletionStage(sessions.reopen(exchange.sessionId(), target, exchange.state())
                .subscribeAsCompletionStage(), exchange.ctx().vertx().getOrCreateContext());
    }

    private static void failed(McpExchange exchange, JsonNode id, String method, UpstreamTarget target, String why) {
        String text = "The toolkit '" + target.slug() + "' " + why;
        if ("tools/call".equals(method)) {
            ObjectNode result = JsonNodeFactory.instance.objectNode().put("isError", true);
            result.putArray("content").addObject().put("type", "text").put("text", text);
            exchange.reply().send(JsonRpc.result(id, result));
        } else {
            exchange.reply().send(JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, text));
        }
    }

    private static ObjectNode unknown(JsonNode id, String method, String exposed) {
        return switch (method) {
            case "tools/call" -> JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown tool: " + exposed);
            case "prompts/get" -> JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown prompt: " + exposed);
            case "completion/complete" -> JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown reference: " + exposed);
            default -> JsonRpc.error(id, RESOURCE_NOT_FOUND, "Resource not found: " + exposed);
        };
    }

    private static String outcome(JsonNode response, int status) {
        if (status != 200) {
            return "upstream_http_" + status;
        }
        if (response == null) {
            return "interrupted";
        }
        if (response.has("error")) {
            return "error";
        }
        return response.path("result").path("isError").asBoolean(false) ? "tool_error" : "completed";
    }

    private void audit(McpExchange exchange, String method, String target, String outcome, long startedNanos) {
        if (!"tools/call".equals(method)) {
            return;
        }
        var call = exchange.call();
        audit.record(new AuditEvent(call.server().tenantId().value(), call.actor(), call.userId(), method,
                call.server().id(), target, "unknown".equals(outcome) ? "unknown_tool" : outcome,
                (System.nanoTime() - startedNanos) / 1_000_000, Instant.now()));
    }
}
