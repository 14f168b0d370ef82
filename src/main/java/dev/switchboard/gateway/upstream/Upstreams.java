package dev.switchboard.gateway.upstream;

import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.protocol.ProtocolVersions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The transport each upstream speaks: chosen by its toolkit's transport for a handshake, and by the revision
 * its session speaks once there is one (a 2026-07-28 upstream, found by {@link UpstreamRevisions}, has no
 * session upstream, and is spoken to by {@link ModernHttpUpstream}).
 */
@ApplicationScoped
public class Upstreams {

    @Inject
    StreamableHttpUpstream streamableHttp;

    @Inject
    LegacySseUpstream legacySse;

    @Inject
    ModernHttpUpstream modernHttp;

    /** The transport for the requests of this session with the upstream. */
    public UpstreamTransport of(UpstreamTarget target, UpstreamSession session) {
        return session != null && ProtocolVersions.STATELESS.equals(session.protocolVersion()) ? modernHttp : of(target);
    }

    /** The transport a 2025 handshake with the upstream uses. */
    public UpstreamTransport of(UpstreamTarget target) {
        return switch (target.transport()) {
            case STREAMABLE_HTTP -> streamableHttp;
            case SSE -> legacySse;
        };
    }
}
