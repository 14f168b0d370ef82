package dev.switchboard.identity.apikey.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record CreateApiKeyRequest(
        @NotBlank @Size(max = 100) String name,
        @Schema(type = SchemaType.STRING, enumeration = {"admin", "member"}, defaultValue = "member",
                description = "The key's role; without it the key is a member key (least privilege)")
        @Pattern(regexp = "admin|member", message = "must be admin or member") String role) {
}
