package dev.switchboard.authconfig.rest;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * Request bodies of the auth config API, in the shape the Composio SDK sends (snake_case, except the create
 * body's {@code authScheme}, which the SDK writes in camelCase). Credentials are read per scheme by
 * {@link dev.switchboard.authconfig.CredentialFields}; secrets come in here and never go out again.
 */
public final class AuthConfigRequests {

    static final String NAME = "[^\\p{Cntrl}]*\\S[^\\p{Cntrl}]*";
    static final String NAME_MESSAGE = "must not be blank or contain control characters";

    private AuthConfigRequests() {
    }

    /** {@code POST /auth_configs}: {@code {"toolkit": {"slug"}, "auth_config": {...}}}. */
    public record Create(@NotNull @Valid ToolkitRef toolkit, @Valid AuthConfig authConfig) {
    }

    public record ToolkitRef(@NotBlank @Size(max = 32) String slug) {
    }

    /**
     * {@code type} is {@code use_custom_auth} (Switchboard has no operator-managed OAuth apps, so
     * {@code use_composio_managed_auth} is refused); {@code proxy_config} is refused when set.
     */
    public record AuthConfig(
            @NotBlank String type,
            @JsonProperty("authScheme") @JsonAlias("auth_scheme") String authScheme,
            @Size(max = 100) @Pattern(regexp = NAME, message = NAME_MESSAGE) String name,
            @Size(max = 20) Map<@Size(max = 64) String, JsonNode> credentials,
            JsonNode proxyConfig,
            @Valid ToolAccessConfig toolAccessConfig,
            Boolean isEnabledForToolRouter,
            @Size(max = 1000) List<@NotBlank @Size(max = 128) String> restrictToFollowingTools) {
    }

    /** Which tools a config's accounts may run, and which tools connecting needs; stored as given. */
    public record ToolAccessConfig(
            @Size(max = 1000) List<@NotBlank @Size(max = 128) String> toolsAvailableForExecution,
            @Size(max = 1000) List<@NotBlank @Size(max = 128) String> toolsForConnectedAccountCreation) {
    }

    /**
     * {@code PATCH /auth_configs/{id}}: absent fields stay; given credentials are merged into the stored ones
     * (a secret given replaces the stored one). The SDK always sends {@code type} and {@code tool_access_config}
     * (often {@code {}}); {@code name} is Switchboard's own (the SDK cannot rename a config).
     */
    public record Update(
            String type,
            @Size(max = 100) @Pattern(regexp = NAME, message = NAME_MESSAGE) String name,
            @Size(max = 20) Map<@Size(max = 64) String, JsonNode> credentials,
            @Valid ToolAccessConfig toolAccessConfig,
            Boolean isEnabledForToolRouter,
            @Size(max = 1000) List<@NotBlank @Size(max = 128) String> restrictToFollowingTools,
            JsonNode proxyConfig,
            String scopes) {
    }
}
