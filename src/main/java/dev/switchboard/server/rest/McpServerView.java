package dev.switchboard.server.rest;

import dev.switchboard.server.ClientCommands;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An MCP server in the Composio shape (create, get, update and list items). */
public record McpServerView(String id, String name, List<String> toolkits, List<String> authConfigIds,
        List<String> allowedTools, boolean managedAuthViaComposio, boolean toolNamePrefix, String mcpUrl, ClientCommands commands,
        Map<String, String> toolkitIcons, long serverInstanceCount, Instant createdAt, Instant updatedAt,
        boolean deleted) {
}
