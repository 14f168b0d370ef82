package dev.switchboard.gateway.transport;

import dev.switchboard.gateway.relay.UpstreamLink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.fanout.ListAggregator;
import dev.switchboard.gateway.fanout.ListKind;
import dev.switchboard.gateway.fanout.MessageRoutes;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.MessageIds;
import dev.switchboard.gateway.relay.UpstreamMessages;
import dev.switchboard.gateway.relay.UpstreamRelay;
import dev.switchboard.gateway.upstream.UpstreamClient;
import dev.switchboard.gateway.upstream.UpstreamSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Serves one JSON-RPC message of an initialized session: {@code ping} locally, lists merged from every
 * upstream, requests that address one tool, prompt or resource routed to its owner, {@code logging/setLevel}
 * fanned out; the client's notifications and its answers to upstream requests go to the upstreams concerned.
 */
@ApplicationScoped
class MessageDispatcher {

    private static final Logger LOG = Logger.getLogger(MessageDispatcher.class);

    @Inject
    ListAggregator lists;

    @Inject
    RoutedRequests routed;

    @Inject
    UpstreamClient upstreams;

    @Inject
    SwitchboardConfig config;

    void dispatch(McpExchange exchange, ObjectNode message) {
        if (JsonRpc.isResponse(message)) {
            answerUpstream(exchange, message);
            exchange.reply().accepted();
            return;
        }
        if (JsonRpc.isNotification(message)) {
            notification(exchange, message);
            exchange.reply().accepted();
            return;
        }
        if (!JsonRpc.isRequest(message)) {
            HttpChecks.jsonRpcError(exchange.ctx(), 400, message.get("id"), JsonRpc.INVALID_REQUEST,
                    "Invalid request: not a JSON-RPC request, notification or response");
            return;
        }
        String method = message.path("method").asText();
        JsonNode id = message.get("id");
        ListKind kind = ListKind.of(method);
        if ("ping".equals(method)) {
            exchange.reply().send(JsonRpc.result(id, JsonNodeFactory.instance.objectNode()));
        } else if (kind != null) {
            list(exchange, id, kind, message.path("params").path("cursor").asText(null));
        } else if (MessageRoutes.METHODS.contains(method)) {
            routed.relay(exchange, message);
        } else if ("logging/setLevel".equals(method)) {
            setLevel(exchange, message);
        } else {
            exchange.reply().send(JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method));
        }
    }

    private void list(McpExchange exchange, JsonNode id, ListKind kind, String cursor) {
        lists.list(exchange.call().server(), exchange.state(), exchange.sessionId(), kind).subscribe().with(items -> {
            ObjectNode result;
            try {
                result = ListAggregator.page(items, kind, cursor, Math.max(1, config.gateway().listPageSize()));
            } catch (IllegalArgumentException badCursor) {
                exchange.reply().send(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid cursor"));
                return;
            }
            exchange.reply().send(JsonRpc.result(id, result));
        }, failure -> exchange.reply().send(JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, "Listing failed")));
    }

    /** Every upstream that logs gets the level; the client's answer does not wait on a broken one. */
    private void setLevel(McpExchange exchange, ObjectNode message) {
        List<Uni<Void>> sent = new ArrayList<>();
        forEachUpstream(exchange, session -> session.can("logging"), (target, session) -> {
            ObjectNode request = JsonRpc.request(MessageIds.gateway("setLevel"), "logging/setLevel", message.get("params"));
            sent.add(upstreams.call(target, session.sessionId(), exchange.versionFor(session), request).replaceWithVoid()
                    .onFailure().recoverWithItem(failure -> {
                        LOG.debugf("logging/setLevel not taken by %s: %s", target.slug(), failure.getMessage());
                        return null;
                    }));
        });
        Uni<?> all = sent.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sent).andCollectFailures();
        all.subscribe().with(done -> exchange.reply().send(
                JsonRpc.result(message.get("id"), JsonNodeFactory.instance.objectNode())));
    }

    private void notification(McpExchange exchange, ObjectNode message) {
        switch (message.path("method").asText()) {
            case "notifications/cancelled" -> {
                // Which upstream runs the request is not known here (it may have gone out from another replica);
                // an upstream that does not know the id ignores the notification.
                ObjectNode cancelled = UpstreamMessages.cancelledToUpstream(message);
                forEachUpstream(exchange, session -> true, (target, session) -> post(exchange, target, session, cancelled));
            }
            case "notifications/roots/list_changed" ->
                forEachUpstream(exchange, session -> true, (target, session) -> post(exchange, target, session, message));
            default -> {
                // notifications/initialized was sent by the gateway's own handshakes; others concern no upstream.
            }
        }
    }

    private void answerUpstream(McpExchange exchange, ObjectNode response) {
        UpstreamMessages.Addressed addressed = UpstreamMessages.responseToUpstream(response);
        UpstreamTarget target = addressed == null ? null : exchange.call().server().upstream(addressed.slug());
        UpstreamSession session = target == null ? null : exchange.upstreamSession(target.slug());
        if (session == null) {
            LOG.debugf("A client response to no relayed request was dropped: %s", response.get("id"));
            return;
        }
        post(exchange, target, session, addressed.message());
    }

    private void post(McpExchange exchange, UpstreamTarget target, UpstreamSession session, ObjectNode message) {
        upstreams.notify(target, session.sessionId(), exchange.versionFor(session), message).subscribe().with(ok -> {
        }, failure -> LOG.debugf("Message to %s not delivered: %s", target.slug(), failure.getMessage()));
    }

    private static void forEachUpstream(McpExchange exchange, Predicate<UpstreamSession> which,
            java.util.function.BiConsumer<UpstreamTarget, UpstreamSession> action) {
        for (UpstreamLink link : UpstreamLink.all(exchange.call().server(), exchange.state())) {
            if (which.test(link.session())) {
                action.accept(link.target(), link.session());
            }
        }
    }
}
