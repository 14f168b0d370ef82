package dev.switchboard.ratelimit;

/**
 * What one MCP request is counted against: its tenant, user, server (or session), and for {@code tools/call}
 * the toolkit and tool (else null). The toolkit is empty when an unprefixed name of a server with several
 * toolkits does not say it.
 */
public record McpTraffic(String tenantId, String userId, String serverId, String toolkit, String tool) {
}
