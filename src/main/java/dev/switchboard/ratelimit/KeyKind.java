package dev.switchboard.ratelimit;

/** What a rate limit counts: its name is what answers, metrics and the API call it. */
public enum KeyKind {
    /** Every request of a tenant. */
    TENANT,
    /** One user of a tenant. */
    USER,
    /** One MCP server (or tool-router session) of a tenant. */
    SERVER,
    /** One tool of one toolkit of a tenant ({@code tools/call} only). */
    TOOL,
    /** One caller (API key or SSO user) of the management API. */
    PRINCIPAL;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** The kind a label names, as stored and sent over the API. */
    public static KeyKind of(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }

    public String label() {
        return label;
    }
}
