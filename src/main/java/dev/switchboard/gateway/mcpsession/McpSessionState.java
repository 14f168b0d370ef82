package dev.switchboard.gateway.mcpsession;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.protocol.ProtocolVersions;
import dev.switchboard.gateway.protocol.StatelessRequests;
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

    /**
     * Whether an upstream may send the client a request needing this capability ({@code sampling},
     * {@code elicitation}, {@code roots}): the client declared it. A stateless client declares it in each
     * request's {@code _meta} ({@link #forStatelessRequest}) and is asked through an input-required result.
     */
    public boolean clientCan(String capability) {
        return clientCapabilities != null && clientCapabilities.has(capability);
    }

    /**
     * Whether the client can be asked to open a URL (2025-11-25's URL-mode elicitation: it declared
     * {@code elicitation.url}; an empty {@code elicitation} means forms only).
     */
    public boolean clientOpensUrls() {
        return clientCapabilities != null && clientCapabilities.path("elicitation").has("url");
    }

    /** Whether the client speaks the stateless revision (2026-07-28), each request describing the client itself. */
    public boolean clientIsStateless() {
        return ProtocolVersions.STATELESS.equals(protocolVersion);
    }

    /**
     * The state for one request of a stateless client: the upstream sessions of this state, with the client's
     * version, info and capabilities as its request states them in {@code _meta} (what a modern upstream is told).
     */
    public McpSessionState forStatelessRequest(JsonNode meta) {
        JsonNode capabilities = meta.path(StatelessRequests.META_CLIENT_CAPABILITIES);
        JsonNode info = meta.path(StatelessRequests.META_CLIENT_INFO);
        return new McpSessionState(tenantId, userId, serverId, ProtocolVersions.STATELESS, upstreams,
                capabilities.isObject() ? capabilities : clientCapabilities, info.isObject() ? info : clientInfo, issuedAt);
    }
}
