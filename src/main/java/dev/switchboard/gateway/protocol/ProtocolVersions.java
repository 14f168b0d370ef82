package dev.switchboard.gateway.protocol;

import java.util.List;

/**
 * The MCP revisions the gateway serves over Streamable HTTP: the session-based ones ({@link #SUPPORTED},
 * negotiated by {@code initialize}) and the stateless one ({@link #STATELESS}, stated on every request).
 */
public final class ProtocolVersions {

    /** The stateless revision: no initialize, no session; each request says its version in {@code _meta}. */
    public static final String STATELESS = "2026-07-28";

    public static final String LATEST = "2025-11-25";
    public static final List<String> SUPPORTED = List.of("2025-11-25", "2025-06-18", "2025-03-26");
    /** What a request without {@code MCP-Protocol-Version} is assumed to speak (spec: backwards compatibility). */
    public static final String ASSUMED = "2025-03-26";
    /** Every revision served on the gateway's URLs, newest first, as {@code server/discover} lists them. */
    public static final List<String> ALL = List.of(STATELESS, "2025-11-25", "2025-06-18", "2025-03-26");

    private ProtocolVersions() {
    }

    /** The client's version when supported, else the latest (the client then decides whether to go on). */
    public static String negotiate(String requested) {
        return requested != null && SUPPORTED.contains(requested) ? requested : LATEST;
    }

    /**
     * The version to state to an upstream for one client request: the client's own when it states an
     * older one than the upstream session's (the upstream then answers as that client expects), else the
     * upstream session's.
     */
    public static String forUpstream(String clientHeader, String upstreamVersion) {
        if (clientHeader != null && SUPPORTED.contains(clientHeader) && upstreamVersion != null
                && clientHeader.compareTo(upstreamVersion) < 0) {
            return clientHeader;
        }
        return upstreamVersion;
    }
}
