package dev.switchboard.server.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Request bodies of the Composio-compatible MCP server API (snake_case on the wire). {@code tool_name_prefix}
 * is Switchboard's own: false exposes upstream names unprefixed, accepted only when they do not collide.
 */
public final class McpServerRequests {

    static final String TOOL_NAME = "[A-Za-z0-9_.-]+";
    static final String TOOL_NAME_MESSAGE = "must be letters, digits, '_', '.' and '-'";
    static final String NO_CONTROL = "[^\\p{Cntrl}]*";

    private McpServerRequests() {
    }

    /** {@code POST /mcp/servers/custom}. */
    public record CreateCustom(
            @NotBlank @Size(max = 100) @Pattern(regexp = NO_CONTROL, message = "must not contain control characters") String name,
            @Size(max = 50) List<@NotBlank @Size(max = 32) String> toolkits,
            @Size(max = 50) List<@NotBlank @Size(max = 40) String> authConfigIds,
            @Size(max = 1000) List<@NotBlank @Size(max = 128) @Pattern(regexp = TOOL_NAME, message = TOOL_NAME_MESSAGE) String> allowedTools,
            Boolean managedAuthViaComposio,
            Boolean toolNamePrefix) {
    }

    /** {@code POST /mcp/servers}: toolkits come from the auth configs, plus {@code no_auth_apps}. */
    public record Create(
            @NotBlank @Size(max = 100) @Pattern(regexp = NO_CONTROL, message = "must not contain control characters") String name,
            @Size(max = 50) List<@NotBlank @Size(max = 40) String> authConfigIds,
            @Size(max = 1000) List<@NotBlank @Size(max = 128) @Pattern(regexp = TOOL_NAME, message = TOOL_NAME_MESSAGE) String> allowedTools,
            Boolean managedAuthViaComposio,
            @Size(max = 50) List<@NotBlank @Size(max = 32) String> noAuthApps,
            Boolean toolNamePrefix) {
    }

    /** {@code PATCH /mcp/{id}}: absent fields stay; {@code toolkits} and {@code auth_config_ids} replace. */
    public record Update(
            @Size(min = 1, max = 100) @Pattern(regexp = "[^\\p{Cntrl}]*\\S[^\\p{Cntrl}]*", message = "must not be blank or contain control characters") String name,
            @Size(max = 50) List<@NotBlank @Size(max = 32) String> toolkits,
            @Size(max = 50) List<@NotBlank @Size(max = 40) String> authConfigIds,
            @Size(max = 1000) List<@NotBlank @Size(max = 128) @Pattern(regexp = TOOL_NAME, message = TOOL_NAME_MESSAGE) String> allowedTools,
            Boolean managedAuthViaComposio,
            Boolean toolNamePrefix) {
    }

    /** {@code POST /mcp/servers/generate}. */
    public record Generate(
            @NotBlank @Size(max = 40) String mcpServerId,
            @NotEmpty @Size(max = 100) List<@NotBlank @Size(max = 255) String> userIds,
            @Size(max = 100) List<@NotBlank @Size(max = 40) String> connectedAccountIds,
            Boolean managedAuthByComposio) {
    }
}
