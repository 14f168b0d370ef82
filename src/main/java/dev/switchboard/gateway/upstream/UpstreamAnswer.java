package dev.switchboard.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;

/** An upstream's JSON-RPC response to one request, with the session id it assigned (on initialize). */
public record UpstreamAnswer(String sessionId, JsonNode response) {

    public JsonNode result() {
        return response.get("result");
    }
}
