package dev.switchboard.tenancy.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the tenant API. */
public final class TenantRequests {

    private TenantRequests() {
    }

    public record Create(
            @NotBlank @Size(max = 63)
            @Pattern(regexp = "[a-z0-9][a-z0-9-]*", message = "must be lowercase letters, digits and '-', starting with a letter or digit")
            String name,
            @Size(max = 200) String displayName) {
    }

    public record Update(
            @Size(min = 1, max = 200) String displayName,
            @Pattern(regexp = "(?i)active|disabled", message = "must be ACTIVE or DISABLED") String status) {
    }

    public record IssueKey(@Size(max = 100) String name) {
    }
}
