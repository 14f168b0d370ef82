package dev.switchboard.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/** A 2025-11-25 session client's POSTs for tests that drive the exchange by hand (java.net.http, answers read as streams). */
public final class McpPosts {

    private McpPosts() {
    }

    /** One JSON-RPC message to the MCP URL, with the API key and, once there is one, the session id. */
    public static HttpRequest post(String url, String apiKey, String session, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("x-api-key", apiKey)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-11-25").timeout(Duration.ofSeconds(90))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return request.build();
    }
}
