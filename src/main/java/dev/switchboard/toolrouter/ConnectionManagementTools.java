package dev.switchboard.toolrouter;

import dev.switchboard.gateway.ConnectionToolNames;
import java.util.List;

/**
 * The connection-management tools a session's answer names ({@code tool_router_tools}) when connection management
 * is on; the gateway serves them (listed where one of the session's toolkits can be connected).
 */
public final class ConnectionManagementTools {

    private ConnectionManagementTools() {
    }

    public static List<String> forSession(boolean manageConnections) {
        return manageConnections ? ConnectionToolNames.ALL : List.of();
    }
}
