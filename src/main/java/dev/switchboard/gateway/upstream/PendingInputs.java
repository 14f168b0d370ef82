package dev.switchboard.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests a 2025 client was sent on behalf of a modern upstream's input-required result, waiting for the
 * client's answers, by the id the gateway gave each request upstream-side. The client answers with a POST of
 * its own, which reaches {@link ModernHttpUpstream#notify} on this replica.
 */
@ApplicationScoped
public class PendingInputs {

    private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();

    /** The client's response to the request with this id, or a failure once {@code patience} is over. */
    Uni<JsonNode> awaitResponse(JsonNode id, Duration patience) {
        String key = id.toString();
        CompletableFuture<JsonNode> response = new CompletableFuture<>();
        waiting.put(key, response);
        return Uni.createFrom().completionStage(response).ifNoItem().after(patience)
                .failWith(() -> new UpstreamException("the client did not answer within " + patience, 0))
                .onTermination().invoke(() -> waiting.remove(key, response));
    }

    /** Hands a client's response to the request waiting for it; false when none waits here. */
    boolean complete(JsonNode response) {
        CompletableFuture<JsonNode> waiter = waiting.remove(response.path("id").toString());
        return waiter != null && waiter.complete(response);
    }

    /** How many requests wait for an answer now. */
    int size() {
        return waiting.size();
    }
}
