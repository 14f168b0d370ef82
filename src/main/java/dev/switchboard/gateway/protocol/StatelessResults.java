package dev.switchboard.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The result side of MCP 2026-07-28, with no I/O: every result says its {@code resultType}; a result
 * from a 2025 upstream, which has none, is a complete one; log messages reach only a request that asked for
 * them ({@code _meta} log level). A resource that cannot be read is an invalid-params error naming the URI the
 * client asked for in {@code data.uri} (SEP-2164), whoever answered it: a 2025 upstream, which says neither, or
 * the gateway, which knows no owner for the URI.
 */
public final class StatelessResults {

    public static final String COMPLETE = "complete";
    public static final String CACHE_PRIVATE = "private";
    /** MCP's log levels (RFC 5424's), least severe first. */
    private static final List<String> LOG_LEVELS = List.of("debug", "info", "notice", "warning", "error", "critical", "alert",
            "emergency");

    /** The code 2025 revisions gave a resource not found; 2026-07-28 answers invalid params instead. */
    public static final int RESOURCE_NOT_FOUND_2025 = -32002;

    private StatelessResults() {
    }

    /** Marks a response's result {@code complete} unless it states its type; errors and other messages pass as they are. */
    public static JsonNode typed(JsonNode message) {
        if (message != null && message.get("result") instanceof ObjectNode result && !result.has("resultType")) {
            result.put("resultType", COMPLETE);
        }
        return message;
    }

    /**
     * A {@code resources/read} error as this revision words it: a resource not found ({@code -32602}, or the older
     * {@code -32002}) is {@code -32602} with the requested URI in {@code data.uri}. Other errors and results pass as
     * they are; {@code requestedUri} is the URI as the client wrote it (null: not a resource read).
     */
    public static JsonNode resourceNotFound(JsonNode message, String requestedUri) {
        if (requestedUri == null || message == null || !(message.get("error") instanceof ObjectNode error)) {
            return message;
        }
        int code = error.path("code").asInt();
        if (code != JsonRpc.INVALID_PARAMS && code != RESOURCE_NOT_FOUND_2025) {
            return message;
        }
        JsonNode data = error.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            // Data the answer gave that is not an object cannot carry the URI; it is left as it was said.
            return message;
        }
        error.put("code", JsonRpc.INVALID_PARAMS);
        (data instanceof ObjectNode object ? object : error.putObject("data")).put("uri", requestedUri);
        return message;
    }

    /** Whether a relayed event's data may be a response (so is worth parsing to type its result). */
    public static boolean mayBeResult(String data) {
        return data.contains("\"result\"");
    }

    /** Whether a relayed event's data may be a log message (so is worth parsing to filter it). */
    public static boolean mayBeLog(String data) {
        return data.contains("notifications/message");
    }

    /**
     * Whether a message may reach a client whose request asked for logs from {@code logLevel} up (null: it
     * asked for none, as a 2025 upstream that was never told a level does not know): anything but a log
     * message may, a log message only at that level or a more severe one.
     */
    public static boolean passesLogLevel(JsonNode message, String logLevel) {
        if (message == null || !"notifications/message".equals(message.path("method").asText())) {
            return true;
        }
        if (logLevel == null) {
            return false;
        }
        int wanted = LOG_LEVELS.indexOf(logLevel);
        int level = LOG_LEVELS.indexOf(message.path("params").path("level").asText());
        return wanted >= 0 && level >= wanted;
    }

    /** Whether a relayed event's data may be an error response (so is worth parsing to word a resource not found). */
    public static boolean mayBeError(String data) {
        return data.contains("\"error\"");
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
