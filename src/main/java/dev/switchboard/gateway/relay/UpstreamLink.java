package dev.switchboard.gateway.relay;

import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.mcpsession.McpSessionState;
import dev.switchboard.gateway.upstream.UpstreamSession;
import java.util.ArrayList;
import java.util.List;

/** The upstream a relay reads from, for whom, and how names are exposed. */
public record UpstreamLink(UpstreamTarget target, UpstreamSession session, McpSessionState state, boolean prefixed) {

    public String slug() {
        return target.slug();
    }

    /** A link to every upstream of the server that has a session in this state and may be called. */
    public static List<UpstreamLink> all(ResolvedServer server, McpSessionState state) {
        List<UpstreamLink> links = new ArrayList<>();
        for (UpstreamTarget target : server.upstreams()) {
            UpstreamSession session = state.upstreams().get(target.slug());
            if (session != null && target.isUsable()) {
                links.add(new UpstreamLink(target, session, state, server.prefixNames()));
            }
        }
        return links;
    }
}
