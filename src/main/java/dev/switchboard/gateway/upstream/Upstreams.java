package dev.switchboard.gateway.upstream;

import dev.switchboard.gateway.UpstreamTarget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The transport each upstream speaks, chosen by its toolkit's transport. */
@ApplicationScoped
public class Upstreams {

    @Inject
    StreamableHttpUpstream streamableHttp;

    @Inject
    LegacySseUpstream legacySse;

    public UpstreamTransport of(UpstreamTarget target) {
        return switch (target.transport()) {
            case STREAMABLE_HTTP -> streamableHttp;
            case SSE -> legacySse;
        };
    }
}
