package dev.switchboard.toolrouter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * The parts of {@code POST /tool_router/session} that Switchboard checks. Other fields the SDK sends
 * ({@code workbench}, {@code preload}, {@code experimental}, …) are kept in the stored config as given.
 */
public record CreateSessionRequest(
        @Size(max = 255) String userId,
        @Valid ToolkitSelection toolkits,
        @Valid ManageConnections manageConnections,
        Map<String, JsonNode> tools,
        JsonNode tags,
        Map<@Size(max = 32) String, @NotBlank @Size(max = 40) String> authConfigs,
        Map<String, List<String>> connectedAccounts) {

    /** Exactly one of enable or disable. */
    public record ToolkitSelection(
            @Size(max = 100) List<@NotBlank @Size(max = 32) String> enable,
            @Size(max = 100) List<@NotBlank @Size(max = 32) String> disable) {
    }

    public record ManageConnections(Boolean enable, @Size(max = 2048) String callbackUrl,
            Boolean enableWaitForConnections) {
    }
}
