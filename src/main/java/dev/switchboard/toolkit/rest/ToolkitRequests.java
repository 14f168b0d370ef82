package dev.switchboard.toolkit.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/** Request bodies of the toolkit API. In {@link Update}, an absent field stays as it was; null clears an optional one. */
public final class ToolkitRequests {

    /** Words of lowercase letters and digits joined by one '_' or '-': never "__", which separates slug and tool name. */
    public static final String SLUG = "[a-z0-9]+([_-][a-z0-9]+)*";
    static final String SLUG_MESSAGE = "must be lowercase letters and digits, words joined by a single '_' or '-'";
    static final String TRANSPORTS = "streamable_http|sse";
    static final String TRANSPORT_MESSAGE = "must be streamable_http or sse";

    private ToolkitRequests() {
    }

    public record Create(
            @NotBlank @Size(max = 32) @Pattern(regexp = SLUG, message = SLUG_MESSAGE)
            String slug,
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Size(max = 2048) String mcpUrl,
            @Pattern(regexp = TRANSPORTS, message = TRANSPORT_MESSAGE) String transport,
            @Size(max = 2000) String description,
            @Size(max = 2048) String logoUrl,
            @Min(100) @Max(600_000) Integer timeoutMs) {
    }

    public record Update(
            String slug,
            @Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
            @Size(min = 1, max = 2048) String mcpUrl,
            @Pattern(regexp = TRANSPORTS, message = TRANSPORT_MESSAGE) String transport,
            Optional<@Size(max = 2000) String> description,
            Optional<@Size(max = 2048) String> logoUrl,
            Optional<@Min(100) @Max(600_000) Integer> timeoutMs) {
    }
}
