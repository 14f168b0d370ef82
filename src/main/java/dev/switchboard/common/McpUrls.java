package dev.switchboard.common;

import dev.switchboard.config.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The public MCP URLs Switchboard hands out; the gateway serves exactly these paths. */
@ApplicationScoped
public class McpUrls {

    @Inject
    SwitchboardConfig config;

    /** The base URL of an MCP server (no user): {@code {public}/v3/mcp/{id}}. */
    public String server(String serverId) {
        return base() + "/v3/mcp/" + serverId;
    }

    /** The Streamable HTTP endpoint of a server, without a user (SSO users act for themselves). */
    public String serverEndpoint(String serverId) {
        return server(serverId) + "/mcp";
    }

    /** The Streamable HTTP endpoint of a server for one user. */
    public String serverForUser(String serverId, String userId) {
        return serverEndpoint(serverId) + "?user_id=" + encode(userId);
    }

    /** The Streamable HTTP endpoint of a tool-router session. */
    public String session(String sessionId) {
        return base() + "/tool_router/" + sessionId + "/mcp";
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The public base URL without a trailing slash. */
    public String base() {
        String url = config.publicUrl().trim();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
