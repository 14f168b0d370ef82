package dev.switchboard.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.MessageIds;
import dev.switchboard.gateway.protocol.SseEvent;
import dev.switchboard.gateway.relay.ClientStream;
import dev.switchboard.gateway.upstream.PendingInputs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Asks the user to open a connection's link through a URL-mode elicitation (MCP 2025-11-25), where the client
 * declared it ({@code elicitation.url}). A session client gets the request on the call's event stream; for a
 * 2026-07-28 client the call's reply turns it into an {@code input_required} round, and the retry's answer
 * comes back the same way as an upstream's would ({@code PendingInputCalls}). The client's answer is a response
 * to a request of the gateway's own ({@link PendingInputs}), on whichever replica it lands; a stream closed before
 * it, an error, or no answer before the link expires all count as no answer.
 */
@ApplicationScoped
class ConnectionElicitation {

    /** What the user did with the request. */
    enum UserAnswer {
        /** Agreed to open the link (the connection completes out of band, in their browser). */
        ACCEPTED,
        DECLINED,
        CANCELLED,
        /** Nothing usable came back: the request failed, was not answered in time, or its stream closed. */
        NONE
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Inject
    PendingInputs answers;

    /** Whether the call's client can be asked this way. */
    static boolean possible(McpExchange exchange) {
        return exchange.state().clientOpensUrls();
    }

    /**
     * Sends the request on the call's stream and waits for the answer, at most {@code patience}. 2026-07-28 dropped
     * the {@code elicitationId} (and the completion notice keyed by it): a stateless client is sent none.
     */
    Uni<UserAnswer> ask(McpExchange exchange, ClientStream stream, String toolkit, String url, String elicitationId, Duration patience) {
        JsonNode id = MessageIds.newGatewayRequest();
        ObjectNode params = JSON.objectNode().put("mode", "url");
        if (!exchange.state().clientIsStateless()) {
            params.put("elicitationId", elicitationId);
        }
        params.put("url", url).put("message", "Connect your " + toolkit + " account: open this link and sign in or enter your key. "
                + "It works once, for 10 minutes.");
        String request = JsonRpc.request(id, "elicitation/create", params).toString();
        return answers.awaitGatewayRequest(id, ReplicaHandoff.Caller.of(exchange.call()), patience, () -> {
            stream.onClose(() -> answers.complete(JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, "The client went away")));
            stream.send(new SseEvent(null, null, request, null));
        }).map(answer -> switch (answer.path("result").path("action").asText()) {
            case "accept" -> UserAnswer.ACCEPTED;
            case "decline" -> UserAnswer.DECLINED;
            case "cancel" -> UserAnswer.CANCELLED;
            default -> UserAnswer.NONE;
        }).onFailure().recoverWithItem(UserAnswer.NONE);
    }

    /** Tells a session client the elicitation is over (the connection settled); a stateless client has no such notice. */
    static void completed(McpExchange exchange, ClientStream stream, String elicitationId) {
        if (exchange.state().clientIsStateless()) {
            return;
        }
        ObjectNode params = JSON.objectNode().put("elicitationId", elicitationId);
        stream.send(new SseEvent(null, null, JsonRpc.notification("notifications/elicitation/complete").set("params", params).toString(), null));
    }
}
