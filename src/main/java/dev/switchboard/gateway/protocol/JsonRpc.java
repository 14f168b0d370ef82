package dev.switchboard.gateway.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON-RPC 2.0 messages as MCP uses them. Framework-free, so it can be tested byte for byte. */
public final class JsonRpc {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectWriter WRITER = new ObjectMapper().writer();

    private JsonRpc() {
    }

    /** A message as UTF-8 bytes, written straight from the tree (no intermediate String to encode again). */
    public static byte[] encode(JsonNode message) {
        try {
            return WRITER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree could not be written", e);
        }
    }

    public static boolean isRequest(JsonNode message) {
        return message.hasNonNull("method") && message.has("id");
    }

    public static boolean isNotification(JsonNode message) {
        return message.hasNonNull("method") && !message.has("id");
    }

    public static boolean isResponse(JsonNode message) {
        return !message.has("method") && message.has("id") && (message.has("result") || message.has("error"));
    }

    /**
     * Why a parsed message is not one JSON-RPC 2.0 message MCP accepts, or null when it is one: ids are
     * strings or integers (or null), a request names its method, and {@code initialize} is a request.
     */
    public static String invalidReason(JsonNode message) {
        if (!(message instanceof ObjectNode) || !"2.0".equals(message.path("jsonrpc").asText(null))) {
            return "expected one JSON-RPC 2.0 message";
        }
        JsonNode id = message.get("id");
        if (id != null && !(id.isTextual() || id.isIntegralNumber() || id.isNull())) {
            return "the id must be a string or an integer";
        }
        if (message.has("method") && !message.get("method").isTextual()) {
            return "the method must be a string";
        }
        if (isNotification(message) && "initialize".equals(message.get("method").asText())) {
            return "initialize must be a request (with an id)";
        }
        if (!isRequest(message) && !isNotification(message) && !isResponse(message)) {
            return "not a JSON-RPC request, notification or response";
        }
        return null;
    }

    public static ObjectNode request(JsonNode id, String method, JsonNode params) {
        ObjectNode request = NODES.objectNode().put("jsonrpc", "2.0");
        request.set("id", id);
        request.put("method", method);
        if (params != null) {
            request.set("params", params);
        }
        return request;
    }

    public static ObjectNode notification(String method) {
        return NODES.objectNode().put("jsonrpc", "2.0").put("method", method);
    }

    public static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode response = NODES.objectNode().put("jsonrpc", "2.0");
        response.set("id", id == null ? NODES.nullNode() : id);
        response.set("result", result);
        return response;
    }

    public static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode response = NODES.objectNode().put("jsonrpc", "2.0");
        response.set("id", id == null ? NODES.nullNode() : id);
        response.putObject("error").put("code", code).put("message", message);
        return response;
    }
}
