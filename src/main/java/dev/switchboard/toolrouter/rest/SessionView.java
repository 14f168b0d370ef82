package dev.switchboard.toolrouter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A session in the Composio shape; {@code mcp.headers} carries the session token only when it is created. */
public record SessionView(String sessionId, McpEndpoint mcp, List<String> toolRouterTools, JsonNode config,
        int configVersion, Instant createdAt, Instant expiresAt, List<String> warnings) {

    public record McpEndpoint(String type, String url, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> headers) {
    }
}
