package dev.switchboard.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.fanout.ListKind;
import dev.switchboard.gateway.fanout.MessageRoutes;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.MessageIds;
import dev.switchboard.gateway.relay.UpstreamLink;
import dev.switchboard.gateway.relay.UpstreamMessages;
import dev.switchboard.gateway.relay.UpstreamRelay;
import dev.switchboard.gateway.upstream.PendingInputs;
import dev.switchboard.gateway.upstream.UpstreamSession;
import dev.switchboard.gateway.upstream.Upstreams;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
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
    ListAnswers lists;

    @Inject
    RoutedRequests routed;

    @Inject
    Upstreams upstreams;

    @Inject
    PendingInputs pendingInputs;

    /** Completes once the message is answered (or handed upstream, for notifications and responses). */
    Uni<Void> dispatch(McpExchange exchange, ObjectNode message) {
        if (JsonRpc.isResponse(message)) {
            return answerUpstream(exchange, message).invoke(() -> exchange.reply().accepted());
        }
        if (JsonRpc.isNotification(message)) {
            return notification(exchange, message).invoke(() -> exchange.reply().accepted());
        }
        String method = message.path("method").asText();
        JsonNode id = message.get("id");
        ListKind kind = ListKind.of(method);
        if ("ping".equals(method)) {
            exchange.reply().send(JsonRpc.result(id, JsonNodeFactory.instance.objectNode()));
            return Uni.createFrom().voidItem();
        }
        if (kind != null) {
            return lists.answer(exchange, id, kind, message.path("params").path("cursor").asText(null),
                    UnaryOperator.identity());
        }
        if (MessageRoutes.METHODS.contains(method)) {
            return routed.relay(exchange, message);
        }
        if ("logging/setLevel".equals(method)) {
            return setLevel(exchange, message);
        }
        exchange.reply().send(JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method));
        return Uni.createFrom().voidItem();
    }


    /** Every upstream that logs gets the level; the client's answer does not wait on a broken one. */
    private Uni<Void> setLevel(McpExchange exchange, ObjectNode message) {
        ObjectNode request = JsonRpc.request(MessageIds.gateway("setLevel"), "logging/setLevel", message.get("params"));
        return toEachUpstream(exchange, session -> session.can("logging"), (target, session) ->
                upstreams.of(target, session).call(target, session.sessionId(), exchange.versionFor(session), request).replaceWithVoid())
                .invoke(() -> exchange.reply().send(JsonRpc.result(message.get("id"), JsonNodeFactory.instance.objectNode())));
    }

    private Uni<Void> notification(McpExchange exchange, ObjectNode message) {
        return switch (message.path("method").asText()) {
            // Which upstream runs the request is not known here (it may have gone out from another replica);
            // an upstream that does not know the id ignores the notification.
            case "notifications/cancelled" -> {
                ObjectNode cancelled = UpstreamMessages.cancelledToUpstream(message);
                yield toEachUpstream(exchange, session -> true, (target, session) -> post(exchange, target, session, cancelled));
            }
            case "notifications/roots/list_changed" ->
                toEachUpstream(exchange, session -> true, (target, session) -> post(exchange, target, session, message));
            // notifications/initialized was sent by the gateway's own handshakes; others concern no upstream.
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> answerUpstream(McpExchange exchange, ObjectNode response) {
        if (MessageIds.isGateway(response.get("id"))) {
            return pendingInputs.deliverGatewayResponse(response, exchange.call());
        }
        UpstreamMessages.Addressed addressed = UpstreamMessages.responseToUpstream(response);
        UpstreamTarget target = addressed == null ? null : exchange.call().server().upstream(addressed.slug());
        UpstreamSession session = target == null ? null : exchange.upstreamSession(target.slug());
        if (session == null) {
            LOG.debugf("A client response to no relayed request was dropped: %s", response.get("id"));
            return Uni.createFrom().voidItem();
        }
        return post(exchange, target, session, addressed.message()).onFailure().recoverWithItem(failure -> {
            LOG.debugf("Answer to %s not delivered: %s", target.slug(), failure.getMessage());
            return null;
        });
    }

    private Uni<Void> post(McpExchange exchange, UpstreamTarget target, UpstreamSession session, ObjectNode message) {
        return upstreams.of(target, session).notify(target, session.sessionId(), exchange.versionFor(session), message);
    }

    /** Sends to every upstream of the session that {@code which} picks, in parallel; one that fails is let be. */
    private static Uni<Void> toEachUpstream(McpExchange exchange, Predicate<UpstreamSession> which,
            BiFunction<UpstreamTarget, UpstreamSession, Uni<Void>> send) {
        List<Uni<Void>> sent = new ArrayList<>();
        for (UpstreamLink link : UpstreamLink.all(exchange.call().server(), exchange.state())) {
            if (which.test(link.session())) {
                sent.add(send.apply(link.target(), link.session()).onFailure().recoverWithItem(failure -> {
                    LOG.debugf("Message to %s not delivered: %s", link.slug(), failure.getMessage());
                    return null;
                }));
            }
        }
        return sent.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sent).andCollectFailures().replaceWithVoid();
    }
}
