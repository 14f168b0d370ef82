package dev.switchboard.gateway.pipeline;

/**
 * The ways into the gateway: each MCP client transport's HTTP requests. They take the same pipeline;
 * the transport rules and the reply differ.
 */
public enum McpEntry {
    /** Streamable HTTP: one JSON-RPC message POSTed, answered with JSON or an event stream. */
    STREAMABLE_MESSAGE,
    /**
     * Streamable HTTP at 2026-07-28: one self-describing JSON-RPC message POSTed, with no MCP session,
     * answered with JSON or an event stream.
     */
    STATELESS_MESSAGE,
    /** Streamable HTTP: the session's standalone stream (GET), or a stream resumed with Last-Event-ID. */
    STREAMABLE_STREAM,
    /** Streamable HTTP: the client ends its session (DELETE). */
    STREAMABLE_END,
    /** Legacy HTTP+SSE: the session's one event stream (GET …/sse). */
    LEGACY_STREAM,
    /** Legacy HTTP+SSE: one JSON-RPC message POSTed to …/messages, answered on the session's stream. */
    LEGACY_MESSAGE
}
