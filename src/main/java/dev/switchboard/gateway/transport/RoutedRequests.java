package dev.switchboard.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.audit.AuditEvent;
import dev.switchboard.audit.AuditLog;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.fanout.ListAggregator;
import dev.switchboard.gateway.fanout.MessageRoutes;
import dev.switchboard.gateway.fanout.MessageRoutes.Address;
import dev.switchboard.gateway.pipeline.TransportRules;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.relay.ClientReply;
import dev.switchboard.gateway.relay.SessionChannels;
import dev.switchboard.gateway.relay.UpstreamLink;
import dev.switchboard.gateway.relay.UpstreamRequest;
import dev.switchboard.gateway.upstream.RelayedAnswer;
import dev.switchboard.gateway.upstream.UpstreamException;
import dev.switchboard.gateway.upstream.UpstreamSession;
import dev.switchboard.gateway.upstream.UpstreamSessions;
import dev.switchboard.gateway.upstream.Upstreams;
import dev.switchboard.ratelimit.UpstreamConcurrency;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Requests that address one tool, prompt or resource ({@code tools/call}, {@code prompts/get},
 * {@code resources/read|subscribe|unsubscribe}, {@code completion/complete}): routed to the owning
 * upstream under its own names, with ids and progress tokens mapped, and its answer relayed as it
 * arrives. An upstream that lost the session is re-initialized and asked again. A toolkit with as many
 * calls in flight as its concurrency limit answers at once with a tool error (a JSON-RPC error for other
 * methods). An upstream the user may not call (see {@code UpstreamTarget.unusable}) is not called: the client
 * gets the reason as a tool error. Tool calls are audited.
 */
@Singleton
class RoutedRequests {

    private static final Logger LOG = Logger.getLogger(RoutedRequests.class);
    private static final int RESOURCE_NOT_FOUND = -32002;

    @Inject
    MessageRoutes routes;

    @Inject
    Upstreams upstreams;

    @Inject
    UpstreamSessions sessions;

    @Inject
    SessionChannels channels;

    @Inject
    AuditLog audit;

    @Inject
    UpstreamConcurrency concurrency;

    @Inject
    MeterRegistry metrics;

    @Inject
    ConnectionTools connectionTools;

    private final Map<String, Timer> upstreamLatency = new ConcurrentHashMap<>();

    /** Completes once the answer has been relayed to the client (and the call audited). */
    Uni<Void> relay(McpExchange exchange, ObjectNode message) {
        String method = message.path("method").asText();
        JsonNode id = message.get("id");
        long started = System.nanoTime();
        Address address = MessageRoutes.address(method, message.path("params"));
        if (address == null) {
            exchange.reply().send(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid params for " + method));
            return Uni.createFrom().voidItem();
        }
        boolean isToolCall = "tools/call".equals(method);
        if (isToolCall && ConnectionTools.serves(exchange, address.exposed())) {
            return connectionTools.call(exchange, address.exposed(), message.path("params").path("arguments"))
                    .invoke(result -> answered(exchange, id, method, address.exposed(), result, started)).replaceWithVoid();
        }
        return routes.route(exchange.call().server(), exchange.state(), exchange.sessionId(), address).chain(route -> {
            if (route == null || isToolCall
                    && !ListAggregator.allowed(exchange.call().server(), route.target().slug(), route.upstreamKey())) {
                audit(exchange, method, address.exposed(), "unknown", started);
                exchange.reply().send(unknown(id, method, address.exposed()));
                return Uni.createFrom().voidItem();
            }
            if (isToolCall && route.target().lacksConnection()) {
                return connectionTools.missingConnection(exchange.call(), route.target()).invoke(result -> {
                    audit(exchange, method, address.exposed(), "credential_unavailable", started);
                    exchange.reply().send(JsonRpc.result(id, result));
                }).replaceWithVoid();
            }
            if (!route.target().isUsable()) {
                audit(exchange, method, address.exposed(), "credential_unavailable", started);
                refused(exchange, id, method, route.target().unusable());
                return Uni.createFrom().voidItem();
            }
            UpstreamSession session = exchange.upstreamSession(route.target().slug());
            if (session == null) {
                // An upstream the session began without (it was down, or the user connected its account since) joins now.
                return sessions.join(exchange.sessionId(), route.target(), exchange.state()).onFailure().recoverWithNull()
                        .chain(joined -> {
                            if (joined == null) {
                                audit(exchange, method, address.exposed(), "unavailable", started);
                                failed(exchange, id, method, route.target(), "is not available in this session");
                                return Uni.createFrom().voidItem();
                            }
                            return relay(exchange.withUpstream(route.target().slug(), joined), message);
                        });
            }
            UpstreamTarget target = route.target();
            String tenantId = exchange.call().server().tenantId().value();
            UpstreamConcurrency.Slot slot = concurrency.acquire(tenantId, target.slug());
            if (slot == null) {
                audit(exchange, method, address.exposed(), "concurrency_limited", started);
                failed(exchange, id, method, target, "has " + concurrency.limit() + " calls in flight already, its limit; retry shortly");
                return Uni.createFrom().voidItem();
            }
            UpstreamRequest upstreamRequest = UpstreamRequest.routed(message, TransportRules.sentAs(exchange.ctx(), message),
                    route.upstreamKey());
            SlotReleasingReply reply = new SlotReleasingReply(exchange.reply(), slot::release);
            return sessions.withSession(exchange.sessionId(), target, exchange.state(), session,
                    (settled, current) -> relayOnce(exchange, settled, current, upstreamRequest, reply))
                    .onItemOrFailure().transform((answer, failure) -> {
                        reply.release();
                        upstreamLatency(target).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                        if (failure instanceof UpstreamException dropped && dropped.isClientGone()) {
                            // Nobody to answer and nothing failed upstream: the request was dropped there.
                            audit(exchange, method, address.exposed(), "interrupted", started);
                            LOG.debugf("%s to %s dropped: its client went away", method, target.slug());
                        } else if (failure != null) {
                            audit(exchange, method, address.exposed(), "upstream_unreachable", started);
                            LOG.warnf("%s to %s failed: %s", method, target.slug(), failure.getMessage());
                            failed(exchange, id, method, target, "did not answer");
                        } else if (answer.status() != 200) {
                            // An HTTP error instead of a JSON-RPC answer: the client gets a JSON-RPC error naming the status.
                            exchange.reply().send(JsonRpc.error(id, JsonRpc.INTERNAL_ERROR,
                                    "The toolkit '" + target.slug() + "' answered HTTP " + answer.status()));
                        } else if (!answer.answered()) {
                            failed(exchange, id, method, target, "closed the stream before answering");
                        }
                        if (failure == null) {
                            audit(exchange, method, address.exposed(), outcome(answer), started);
                        }
                        return null;
                    });
        });
    }

    /** A result answered by the gateway itself, audited as a tool call that reached no upstream. */
    private void answered(McpExchange exchange, JsonNode id, String method, String tool, ObjectNode result, long started) {
        audit(exchange, method, tool, result.path("isError").asBoolean(false) ? "tool_error" : "completed", started);
        exchange.reply().send(JsonRpc.result(id, result));
    }

    /** Sends the request on the upstream session and relays what comes back. */
    private Uni<RelayedAnswer> relayOnce(McpExchange exchange, UpstreamTarget target, UpstreamSession session,
            UpstreamRequest request, ClientReply reply) {
        UpstreamLink link = exchange.link(target, session);
        Supplier<Uni<RelayedAnswer>> relayed = () -> upstreams.of(target, session).relay(link, exchange.versionFor(session), request,
                reply, stream -> channels.whileRelaying(exchange.sessionId(), target.slug(), stream));
        // Only a client that can be asked needs the upstream's standalone stream heard before the call.
        if (exchange.state().clientCanBeAsked()) {
            return channels.listen(exchange.sessionId(), link).chain(relayed::get);
        }
        try {
            return relayed.get();
        } catch (RuntimeException failure) {
            // As a failed answer: the caller turns it into the tool error.
            return Uni.createFrom().failure(failure);
        }
    }

    /** Looked up once per toolkit rather than built and registered again on every call. */
    private Timer upstreamLatency(UpstreamTarget target) {
        return upstreamLatency.computeIfAbsent(target.slug(), slug -> Timer.builder("switchboard.gateway.upstream.latency")
                .tag("toolkit", slug).description("How long a routed request took, until its answer was relayed")
                .publishPercentileHistogram().register(metrics));
    }

    private static void failed(McpExchange exchange, JsonNode id, String method, UpstreamTarget target, String why) {
        refused(exchange, id, method, "The toolkit '" + target.slug() + "' " + why);
    }

    /** A tool error for a tool call (the agent reads it and can act), a JSON-RPC error for anything else. */
    private static void refused(McpExchange exchange, JsonNode id, String method, String text) {
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
            default -> {
                // The resource-not-found error of 2025-06-18 names the URI (the stateless front rewords it for 2026-07-28).
                ObjectNode error = JsonRpc.error(id, RESOURCE_NOT_FOUND, "Resource not found: " + exposed);
                ((ObjectNode) error.get("error")).putObject("data").put("uri", exposed);
                yield error;
            }
        };
    }

    private static String outcome(RelayedAnswer answer) {
        if (answer.status() != 200) {
            return "upstream_http_" + answer.status();
        }
        if (!answer.answered()) {
            return "interrupted";
        }
        return switch (answer.outcome()) {
            case ERROR -> "error";
            case TOOL_ERROR -> "tool_error";
            case RESULT -> "completed";
        };
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
