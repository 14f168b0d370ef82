package dev.switchboard.identity.apikey.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record CreateApiKeyRequest(
        @NotBlank @Size(max = 100) String name,
        @Pattern(regexp = "admin|member", message = "must be admin or member") String role) {
}
