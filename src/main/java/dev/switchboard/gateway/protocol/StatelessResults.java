package dev.switchboard.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The result side of MCP 2026-07-28, with no I/O: every result says its {@code resultType}; a result
 * from a 2025 upstream, which has none, is a complete one.
 */
public final class StatelessResults {

    public static final String COMPLETE = "complete";
    public static final String CACHE_PRIVATE = "private";

    private StatelessResults() {
    }

    /** Marks a response's result {@code complete} unless it states its type; errors and other messages pass as they are. */
    public static JsonNode typed(JsonNode message) {
        if (message != null && message.get("result") instanceof ObjectNode result && !result.has("resultType")) {
            result.put("resultType", COMPLETE);
        }
        return message;
    }

    /** Whether a relayed event's data may be a response (so is worth parsing to type its result). */
    public static boolean mayBeResult(String data) {
        return data.contains("\"result\"");
    }

    /** A result made cacheable (lists, discovery, resource reads): how long the client may keep it, and only for this user. */
    public static ObjectNode cacheable(ObjectNode result, long ttlMillis) {
        if (!result.has("resultType")) {
            result.put("resultType", COMPLETE);
        }
        result.put("ttlMs", Math.max(0, ttlMillis));
        result.put("cacheScope", CACHE_PRIVATE);
        return result;
    }
}
