package dev.switchboard.gateway.protocol;

import io.vertx.core.http.HttpHeaders;

/**
 * The HTTP headers of MCP's Streamable HTTP transport, and the media types the gateway writes on every call. They
 * are Vert.x's optimized names (Netty {@code AsciiString}s): a {@code String} name is hashed again on every lookup
 * and every header added, and written out character by character.
 */
public final class McpHeaders {

    public static final CharSequence SESSION_ID = HttpHeaders.createOptimized("Mcp-Session-Id");
    public static final CharSequence PROTOCOL_VERSION = HttpHeaders.createOptimized("MCP-Protocol-Version");
    public static final CharSequence LAST_EVENT_ID = HttpHeaders.createOptimized("Last-Event-ID");
    /** 2026-07-28: the request's method, mirrored from the body for intermediaries. */
    public static final CharSequence METHOD = HttpHeaders.createOptimized("Mcp-Method");
    /** 2026-07-28: the tool or prompt name or the resource URI a request addresses, mirrored from the body. */
    public static final CharSequence NAME = HttpHeaders.createOptimized("Mcp-Name");

    public static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    public static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream");
    /** What a Streamable HTTP client accepts. */
    public static final CharSequence JSON_OR_EVENT_STREAM = HttpHeaders.createOptimized("application/json, text/event-stream");

    private McpHeaders() {
    }
}
