package dev.switchboard.server;

import java.util.List;

/**
 * What a create or update asks for, before ids are checked. Null fields mean "not given".
 * {@code toolkitsField} names the request field toolkit slugs came from, for error messages.
 */
public record ServerDefinition(String name, List<String> toolkits, String toolkitsField, List<String> authConfigIds,
        List<String> allowedTools, Boolean manageConnections, Boolean toolNamePrefix) {
}
