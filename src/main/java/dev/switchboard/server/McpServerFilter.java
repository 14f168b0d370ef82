package dev.switchboard.server;

import java.util.List;

/** The list filters of the Composio API: partial name, any of these toolkits, any of these auth configs. */
public record McpServerFilter(String name, List<String> toolkits, List<String> authConfigIds) {
}
