package dev.switchboard.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.protocol.MessageIds;
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
 * {@link #completeGatewayRequest}). The client answers with a POST of its own, on this replica.
 */
@ApplicationScoped
public class PendingInputs {

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
     * Hands a client's response to the gateway's own request it answers; false when it answers no request of the
     * gateway (an upstream's, to be relayed) or none waits for it here any more.
     */
    public boolean completeGatewayRequest(JsonNode response) {
        return MessageIds.isGateway(response.get("id")) && complete(response);
    }

    /** How many requests wait for an answer now. */
    int size() {
        return waiting.size();
    }
}
