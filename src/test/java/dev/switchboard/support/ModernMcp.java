package dev.switchboard.support;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

/** Raw MCP 2026-07-28 requests (self-describing, with the headers that mirror the body) and their answers. */
public final class ModernMcp {

    public static final String MODERN = "2026-07-28";

    private ModernMcp() {
    }

    /** A request stating its version, client info and {@code capabilities} in {@code _meta}. */
    public static JsonObject request(Object id, String method, JsonObject params, JsonObject capabilities) {
        params.put("_meta", new JsonObject().put("io.modelcontextprotocol/protocolVersion", MODERN)
                .put("io.modelcontextprotocol/clientInfo", new JsonObject().put("name", "raw").put("version", "1"))
                .put("io.modelcontextprotocol/clientCapabilities", capabilities));
        return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", method).put("params", params);
    }

    /** A {@code tools/call} of {@code tool} with {@code arguments}, by a client with {@code capabilities}. */
    public static JsonObject toolCall(Object id, String tool, JsonObject arguments, JsonObject capabilities) {
        return request(id, "tools/call", new JsonObject().put("name", tool).put("arguments", arguments), capabilities);
    }

    /** Posts a request with its mirroring headers to {@code url} (a full URL) as the holder of {@code apiKey}. */
    public static Response post(String url, String apiKey, JsonObject request) {
        var spec = given().header("x-api-key", apiKey).header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", MODERN).header("Mcp-Method", request.getString("method"))
                .contentType("application/json");
        JsonObject params = request.getJsonObject("params");
        if ("tools/call".equals(request.getString("method"))) {
            spec = spec.header("Mcp-Name", params.getString("name"));
        }
        return spec.body(request.encode()).post(url);
    }

    /**
     * A {@code subscriptions/listen} POST with its mirroring headers, for a client that reads the stream as it comes
     * ({@link SseLines}); {@code filter} is what the client asks to be notified of.
     */
    public static HttpRequest listen(String url, String apiKey, Object id, JsonObject filter) {
        JsonObject listen = request(id, "subscriptions/listen", new JsonObject().put("notifications", filter), new JsonObject());
        return HttpRequest.newBuilder(URI.create(url)).header("x-api-key", apiKey)
                .header("Accept", "application/json, text/event-stream").header("Content-Type", "application/json")
                .header("MCP-Protocol-Version", MODERN).header("Mcp-Method", "subscriptions/listen")
                .POST(HttpRequest.BodyPublishers.ofString(listen.encode())).build();
    }

    /** The JSON-RPC answer: a JSON body, or the last message of an event stream. */
    public static JsonObject answer(Response response) {
        String body = response.asString();
        String json = body;
        if (String.valueOf(response.contentType()).startsWith("text/event-stream")) {
            List<String> data = body.lines().filter(line -> line.startsWith("data:") && line.length() > 5).toList();
            assertNotNull(data.isEmpty() ? null : data, body);
            json = data.get(data.size() - 1).substring(5).trim();
        }
        return new JsonObject(json);
    }
}
