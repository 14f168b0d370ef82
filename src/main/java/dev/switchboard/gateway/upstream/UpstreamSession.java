package dev.switchboard.gateway.upstream;

import java.util.Set;

/**
 * A session opened with one upstream: its session id (null for a stateless upstream), the negotiated
 * version, and the capabilities it declared ({@code tools}, {@code prompts}, {@code resources},
 * {@code resources.subscribe}, {@code logging}, {@code completions}, and {@code tools.listChanged} and the like), so requests go only where they can be served.
 */
public record UpstreamSession(String sessionId, String protocolVersion, Set<String> capabilities) {

    public boolean can(String capability) {
        return capabilities != null && capabilities.contains(capability);
    }
}
