package dev.switchboard.gateway.protocol;

/** The HTTP headers of MCP's Streamable HTTP transport. */
public final class McpHeaders {

    public static final String SESSION_ID = "Mcp-Session-Id";
    public static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
    public static final String LAST_EVENT_ID = "Last-Event-ID";
    /** 2026-07-28: the request's method, mirrored from the body for intermediaries. */
    public static final String METHOD = "Mcp-Method";
    /** 2026-07-28: the tool or prompt name or the resource URI a request addresses, mirrored from the body. */
    public static final String NAME = "Mcp-Name";

    private McpHeaders() {
    }
}
