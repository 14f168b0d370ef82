package dev.switchboard.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Ready-to-paste setup for MCP clients: a Claude Code command line, a Cursor install deeplink and a
 * Windsurf {@code mcp_config.json} entry. With single sign-on the URL alone is enough (the client finds the
 * IdP and logs its user in); with API keys only, each carries the client's header option with a placeholder
 * for the key, which no response ever contains. Pure string building, unit-tested alone.
 */
public record ClientCommands(String claude, String cursor, String windsurf) {

    /** What a user pastes in place of the placeholder: an API key of the tenant. */
    public static final String API_KEY_PLACEHOLDER = "<YOUR_API_KEY>";

    /** How the install authenticates MCP clients. */
    public enum Login {
        /** OIDC is on: MCP clients log their users in through the IdP by themselves. */
        SSO,
        /** API keys only: the client sends one in {@code x-api-key}. */
        API_KEY
    }

    public static ClientCommands of(String serverName, String url, Login login) {
        String name = clientName(serverName);
        boolean apiKey = login == Login.API_KEY;
        String headers = apiKey ? ",\"headers\":{\"x-api-key\":" + jsonString(API_KEY_PLACEHOLDER) + "}" : "";
        String claude = "claude mcp add --transport http " + name + " " + shellQuote(url)
                + (apiKey ? " --header " + shellQuote("x-api-key: " + API_KEY_PLACEHOLDER) : "");
        String cursorConfig = "{\"url\":" + jsonString(url) + headers + "}";
        String cursor = "cursor://anysphere.cursor-deeplink/mcp/install?name=" + name + "&config="
                + Base64.getUrlEncoder().encodeToString(cursorConfig.getBytes(StandardCharsets.UTF_8));
        String windsurf = "{\"mcpServers\":{" + jsonString(name) + ":{\"serverUrl\":" + jsonString(url) + headers + "}}}";
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
