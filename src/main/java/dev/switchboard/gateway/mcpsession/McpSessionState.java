package dev.switchboard.gateway.mcpsession;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.upstream.UpstreamSession;
import java.util.Map;

/**
 * What a session carries: who, which server, the negotiated version, each upstream's session, and what
 * the client declared at initialize (its capabilities and info, enough to open an upstream session again),
 * and when it was issued (epoch seconds), so it expires.
 */
public record McpSessionState(String tenantId, String userId, String serverId, String protocolVersion,
        Map<String, UpstreamSession> upstreams, JsonNode clientCapabilities, JsonNode clientInfo, long issuedAt) {

    /** Whether an upstream may send this client requests at all (it declared sampling, elicitation or roots). */
    public boolean clientCanBeAsked() {
        return clientCan("sampling") || clientCan("elicitation") || clientCan("roots");
    }

    /** Whether the client declared this capability ({@code sampling}, {@code elicitation}, {@code roots}). */
    public boolean clientCan(String capability) {
        return clientCapabilities != null && clientCapabilities.has(capability);
    }
}
