package dev.switchboard.authconfig.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.switchboard.authconfig.AuthConfigEntity;
import java.time.Instant;

/** An auth config as the API shows it: never the secret, only whether one is stored. */
public record AuthConfigView(String id, String name, ToolkitRef toolkit, String authScheme, CredentialsView credentials,
        boolean isComposioManaged, Instant createdAt, Instant updatedAt) {

    public record ToolkitRef(String slug, String id) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CredentialsView(String headerName, boolean secretSet) {
    }

    public static AuthConfigView of(AuthConfigEntity a) {
        return new AuthConfigView(a.id, a.name, new ToolkitRef(a.toolkit.slug, a.toolkit.id), a.authScheme,
                new CredentialsView(a.headerName, a.secretCiphertext != null), false, a.createdAt, a.updatedAt);
    }
}
