package dev.switchboard.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The result side of MCP 2026-07-28, with no I/O: every result says its {@code resultType}; a result
 * from a 2025 upstream, which has none, is a complete one; log messages reach only a request that asked for
 * them ({@code _meta} log level).
 */
public final class StatelessResults {

    public static final String COMPLETE = "complete";
    public static final String CACHE_PRIVATE = "private";
    /** MCP's log levels (RFC 5424's), least severe first. */
    private static final List<String> LOG_LEVELS = List.of("debug", "info", "notice", "warning", "error", "critical", "alert",
            "emergency");

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
