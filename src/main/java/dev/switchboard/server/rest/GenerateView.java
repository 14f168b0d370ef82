package dev.switchboard.server.rest;

import dev.switchboard.server.ClientCommands;
import java.util.List;

/**
 * The answer of {@code generate}: a URL per user in request order (the SDK reads {@code user_ids_url[0]}),
 * and, beyond Composio's shape, the client setup commands for each of those URLs.
 */
public record GenerateView(String mcpUrl, List<String> userIdsUrl, List<String> connectedAccountUrls,
        List<ClientCommands> userIdsCommands) {
}
