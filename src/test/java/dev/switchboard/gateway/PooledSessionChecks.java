package dev.switchboard.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.switchboard.support.McpTrafficProxy;
import dev.switchboard.support.ModernMcp;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/** What the tests of the pooled upstream sessions behind 2026-07-28 clients share: their requests and what they wait for. */
final class PooledSessionChecks {

    /** Bounds a wait for what happens without the test's doing (a sweep, a DELETE sent without waiting). */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private PooledSessionChecks() {
    }

    /** The server's MCP URL for one user. */
    static String userUrl(String base, String serverId, String userId) {
        return base.replaceAll("/$", "") + "/v3/mcp/" + serverId + "/mcp?user_id=" + userId;
    }

    /** A 2026-07-28 {@code tools/list} as the user: answers the names listed. */
    static List<String> listTools(String url, String apiKey) {
        Response response = ModernMcp.post(url, apiKey, ModernMcp.request(1, "tools/list", new JsonObject(), new JsonObject()));
        assertEquals(200, response.statusCode(), response.asString());
        JsonObject result = ModernMcp.answer(response).getJsonObject("result");
        assertNotNull(result, response.asString());
        return result.getJsonArray("tools").stream().map(tool -> ((JsonObject) tool).getString("name")).toList();
    }

    /** server-everything's long-running operation, {@code seconds} long, as the user: answers the tool's text. */
    static String longOperation(String url, String apiKey, String tool, int seconds) {
        JsonObject call = ModernMcp.toolCall(2, tool, new JsonObject().put("duration", seconds).put("steps", seconds), new JsonObject());
        Response response = ModernMcp.post(url, apiKey, call);
        assertEquals(200, response.statusCode(), response.asString());
        JsonObject result = ModernMcp.answer(response).getJsonObject("result");
        assertNotNull(result, response.asString());
        assertFalse(result.getBoolean("isError", false), response.asString());
        return result.getJsonArray("content").getJsonObject(0).getString("text");
    }

    /** Waits (bounded) until the proxy has seen at least {@code count} sessions opened; answers them. */
    static List<String> awaitOpened(McpTrafficProxy proxy, int count) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (proxy.opened().size() < count && System.nanoTime() < deadline) {
            pause();
        }
        return proxy.opened();
    }

    /** Waits (bounded) until a request POSTed through the proxy contains {@code text}; answers whether one did. */
    static boolean awaitPosted(McpTrafficProxy proxy, String text) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (proxy.posted().stream().noneMatch(body -> body.contains(text)) && System.nanoTime() < deadline) {
            pause();
        }
        return proxy.posted().stream().anyMatch(body -> body.contains(text));
    }

    /** Waits (bounded) until the proxy has seen the session ended; answers whether it was, with the upstream's status. */
    static McpTrafficProxy.Ended awaitEnded(McpTrafficProxy proxy, String sessionId) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            for (McpTrafficProxy.Ended ended : proxy.ended()) {
                if (ended.sessionId().equals(sessionId)) {
                    return ended;
                }
            }
            pause();
        }
        return null;
    }

    /** The upstream's status for a request on a session, sent to it directly (server-everything: 400 for one it does not know). */
    static int statusOfSessionUpstream(String upstreamUrl, String sessionId) {
        return given().header("Mcp-Session-Id", sessionId).header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-11-25").contentType("application/json")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").post(upstreamUrl).statusCode();
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
