package dev.switchboard.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.protocol.MessageIds;
import dev.switchboard.gateway.transport.ReplicaHandoff;
import jakarta.inject.Inject;
import java.io.IOException;
import org.jboss.logging.Logger;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests the gateway sent a 2025 client itself, waiting for the client's answers by id: on behalf of a
 * modern upstream's input-required result (by the id the gateway gave each request upstream-side; the answer
 * reaches {@link ModernHttpUpstream#notify}), and a connection tool's URL elicitation (a {@code "g:…"} id, see
 * {@link #awaitGatewayRequest}). The client answers with a POST of its own; for the gateway's own requests it may
 * reach any replica.
 */
@ApplicationScoped
public class PendingInputs {

    private static final Logger LOG = Logger.getLogger(PendingInputs.class);

    @Inject
    ReplicaHandoff handoff;

    @Inject
    ObjectMapper json;

    private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();

    /** The client's response to the request with this id, or a failure once {@code patience} is over. */
    public Uni<JsonNode> awaitResponse(JsonNode id, Duration patience) {
        String key = id.toString();
        CompletableFuture<JsonNode> response = new CompletableFuture<>();
        waiting.put(key, response);
        return Uni.createFrom().completionStage(response).ifNoItem().after(patience)
                .failWith(() -> new UpstreamException("the client did not answer within " + patience, 0))
                .onTermination().invoke(() -> waiting.remove(key, response));
    }

    /** Hands a client's response to the request waiting for it; false when none waits here. */
    public boolean complete(JsonNode response) {
        CompletableFuture<JsonNode> waiter = waiting.remove(response.path("id").toString());
        return waiter != null && waiter.complete(response);
    }

    /**
     * The client's response to a request of the gateway's own (a {@code "g:…"} id) for this caller, which {@code send}
     * sends once an answer reaching any replica can find its way here: a session client's POST lands on any
     * replica, which hands it over ({@link #deliverGatewayResponse}). Announcing the wait costs an insert, made only
     * for the rare requests the gateway sends itself.
     */
    public Uni<JsonNode> awaitGatewayRequest(JsonNode id, ReplicaHandoff.Caller caller, Duration patience, Runnable send) {
        String handoffId = handoffId(id);
        Uni<JsonNode> response = awaitResponse(id, patience);
        return handoff.register(handoffId, caller, body -> complete(parse(body)))
                .onFailure().invoke(failure -> LOG.warnf("A request to the client is not announced to other replicas: %s",
                        failure.getMessage()))
                .onFailure().recoverWithNull()
                .invoke(send)
                .chain(() -> response)
                .eventually(() -> handoff.unregister(handoffId).onFailure().recoverWithNull());
    }

    /**
     * A session client's response to a request of the gateway's own: to the call waiting here, else handed to the
     * replica where it waits (dropped when none does any more).
     */
    public Uni<Void> deliverGatewayResponse(JsonNode response, GatewayCall call) {
        if (complete(response)) {
            return Uni.createFrom().voidItem();
        }
        return handoff.forward(handoffId(response.get("id")), call, response.toString()).invoke(forwarded -> {
            if (!forwarded) {
                LOG.debugf("A client's answer to a request nobody waits for any more was dropped: %s", response.get("id"));
            }
        }).onFailure().invoke(failure -> LOG.warnf("A client's answer was not handed over: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Hands a client's response to the gateway's own request it answers, on this replica; false when it answers no
     * request of the gateway (an upstream's, to be relayed) or none waits for it here any more.
     */
    public boolean completeGatewayRequest(JsonNode response) {
        return MessageIds.isGateway(response.get("id")) && complete(response);
    }

    /** The id the wait is announced under: the request's own without its prefix (ids are at most 40 characters there). */
    private static String handoffId(JsonNode gatewayId) {
        return "gw_" + gatewayId.asText().substring(2);
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (IOException notJson) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    /** How many requests wait for an answer now. */
    int size() {
        return waiting.size();
    }
}
