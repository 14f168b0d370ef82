package dev.switchboard.ratelimit.rest;

import dev.switchboard.toolkit.rest.ToolkitRequests;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/**
 * Request bodies of the rate limits API. A rate of 0 lifts the limit for its subject; {@code burst}, when
 * absent, is the rate.
 */
public final class RateLimitRequests {

    static final long MAX_RATE = 1_000_000;
    static final long MAX_BURST = 10_000_000;
    static final String WINDOWS = "second|minute";
    static final String WINDOW_MESSAGE = "must be second or minute";
    static final String NO_CONTROL = "[^\\p{Cntrl}]+";

    private RateLimitRequests() {
    }

    /** {@code POST /rate_limits}: absent subject fields mean every user, every server, every tool of the toolkit. */
    public record Create(
            @NotNull @Pattern(regexp = "user|server|tool", message = "must be user, server or tool (a platform admin sets "
                    + "the tenant's own limit under /tenants/{tenant}/rate_limit)") String key,
            @Size(max = 255) @Pattern(regexp = NO_CONTROL, message = "must not be empty or contain control characters") String userId,
            @Size(max = 40) @Pattern(regexp = NO_CONTROL, message = "must not be empty or contain control characters") String serverId,
            @Size(max = 32) @Pattern(regexp = ToolkitRequests.SLUG, message = "must be a toolkit slug") String toolkit,
            @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9_.-]+", message = "must be letters, digits, '_', '.' and '-'") String tool,
            @NotNull @Min(0) @Max(MAX_RATE) Long rate,
            @NotNull @Pattern(regexp = WINDOWS, message = WINDOW_MESSAGE) String window,
            @Min(1) @Max(MAX_BURST) Long burst) {
    }

    /** {@code PATCH /rate_limits/{id}}: absent fields stay; a null burst goes back to the rate. What it applies to cannot change. */
    public record Update(
            @Min(0) @Max(MAX_RATE) Long rate,
            @Pattern(regexp = WINDOWS, message = WINDOW_MESSAGE) String window,
            Optional<@Min(1) @Max(MAX_BURST) Long> burst) {
    }

    /** {@code PUT /tenants/{tenant}/rate_limit}. */
    public record Set(
            @NotNull @Min(0) @Max(MAX_RATE) Long rate,
            @NotNull @Pattern(regexp = WINDOWS, message = WINDOW_MESSAGE) String window,
            @Min(1) @Max(MAX_BURST) Long burst) {
    }
}
