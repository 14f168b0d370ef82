package dev.switchboard.gateway.transport;

import dev.switchboard.gateway.protocol.McpHeaders;
import dev.switchboard.gateway.protocol.ProtocolVersions;
import dev.switchboard.gateway.relay.UpstreamLink;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.relay.ClientReply;
import dev.switchboard.gateway.relay.UpstreamRelay;
import dev.switchboard.gateway.mcpsession.McpSessionState;
import dev.switchboard.gateway.upstream.UpstreamSession;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One client message inside an MCP session: the HTTP exchange, who it is for, the session's state (with
 * any upstream session this replica opened again), the client's session id, and where the answer goes.
 */
record McpExchange(RoutingContext ctx, GatewayCall call, McpSessionState state, String sessionId, ClientReply reply) {

    UpstreamSession upstreamSession(String slug) {
        return state.upstreams().get(slug);
    }

    /** This exchange with one more upstream session (one that joined the MCP session late). */
    McpExchange withUpstream(String slug, UpstreamSession session) {
        Map<String, UpstreamSession> upstreams = new LinkedHashMap<>(state.upstreams());
        upstreams.put(slug, session);
        return new McpExchange(ctx, call, new McpSessionState(state.tenantId(), state.userId(), state.serverId(),
                state.protocolVersion(), upstreams, state.clientCapabilities(), state.clientInfo(), state.issuedAt()), sessionId, reply);
    }

    UpstreamLink link(UpstreamTarget target, UpstreamSession session) {
        return new UpstreamLink(target, session, state, call.server().prefixNames());
    }

    /** The version to state upstream for this request (see {@link ProtocolVersions#forUpstream}). */
    String versionFor(UpstreamSession session) {
        return ProtocolVersions.forUpstream(ctx.request().getHeader(McpHeaders.PROTOCOL_VERSION), session.protocolVersion());
    }
}
