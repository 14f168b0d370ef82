package dev.switchboard.gateway;

import dev.switchboard.tenancy.TenantId;
import java.util.List;

/**
 * What the gateway needs of an MCP server configuration, read once per request. {@code prefixNames}
 * says whether tool and prompt names and resource URIs carry their toolkit's slug.
 */
public record ResolvedServer(TenantId tenantId, String id, String name, List<String> allowedTools,
        boolean manageConnections, boolean prefixNames, List<UpstreamTarget> upstreams) {

    public UpstreamTarget upstream(String slug) {
        for (UpstreamTarget upstream : upstreams) {
            if (upstream.slug().equals(slug)) {
                return upstream;
            }
        }
        return null;
    }
}
