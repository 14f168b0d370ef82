package dev.switchboard.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Ready-to-paste setup for MCP clients: a Claude Code command line, a Cursor install deeplink and a
 * Windsurf {@code mcp_config.json} entry. Pure string building, unit-tested alone.
 */
public record ClientCommands(String claude, String cursor, String windsurf) {

    public static ClientCommands of(String serverName, String url) {
        String name = clientName(serverName);
        String claude = "claude mcp add --transport http " + name + " " + shellQuote(url);
        String cursorConfig = "{\"url\":" + jsonString(url) + "}";
        String cursor = "cursor://anysphere.cursor-deeplink/mcp/install?name=" + name + "&config="
                + Base64.getUrlEncoder().encodeToString(cursorConfig.getBytes(StandardCharsets.UTF_8));
        String windsurf = "{\"mcpServers\":{" + jsonString(name) + ":{\"serverUrl\":" + jsonString(url) + "}}}";
        return new ClientCommands(claude, cursor, windsurf);
    }

    /** A name every client accepts: lowercase letters, digits and '-'. */
    static String clientName(String serverName) {
        String name = serverName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return name.isEmpty() ? "switchboard" : name;
    }

    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    static String jsonString(String value) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
