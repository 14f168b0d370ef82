package dev.switchboard.gateway;

/** The MCP transport a toolkit's upstream speaks, as stored with the toolkit. */
public enum UpstreamTransportKind {
    /** Streamable HTTP (MCP 2025-03-26 and later): a POST per message, answers as JSON or an event stream. */
    STREAMABLE_HTTP("streamable_http"),
    /** The legacy HTTP+SSE transport (MCP 2024-11-05): one event stream, messages POSTed to the endpoint it names. */
    SSE("sse");

    private final String stored;

    UpstreamTransportKind(String stored) {
        this.stored = stored;
    }

    /** The kind a toolkit's stored {@code transport} names; Streamable HTTP when none. */
    public static UpstreamTransportKind of(String stored) {
        return SSE.stored.equals(stored) ? SSE : STREAMABLE_HTTP;
    }
}
