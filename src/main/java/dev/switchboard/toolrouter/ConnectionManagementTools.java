package dev.switchboard.toolrouter;

import java.util.List;

/**
 * The meta tools a session's MCP endpoint injects when connection management is on: list the user's
 * connections, and start one (answering the link the user must open). Served by the gateway.
 */
public final class ConnectionManagementTools {

    public static final String LIST_CONNECTIONS = "SWITCHBOARD_LIST_CONNECTIONS";
    public static final String INITIATE_CONNECTION = "SWITCHBOARD_INITIATE_CONNECTION";

    private ConnectionManagementTools() {
    }

    public static List<String> forSession(boolean manageConnections) {
        return manageConnections ? List.of(LIST_CONNECTIONS, INITIATE_CONNECTION) : List.of();
    }
}
