package dev.switchboard.gateway;

import java.util.List;

/**
 * The names of the connection-management tools the gateway offers. They carry no {@code __}, which every prefixed
 * upstream tool has, so they cannot clash with a toolkit's tools.
 */
public final class ConnectionToolNames {

    public static final String LIST = "switchboard_connections_list";
    public static final String START = "switchboard_connections_start";
    public static final String WAIT = "switchboard_connections_wait";
    public static final List<String> ALL = List.of(LIST, START, WAIT);

    private ConnectionToolNames() {
    }
}
