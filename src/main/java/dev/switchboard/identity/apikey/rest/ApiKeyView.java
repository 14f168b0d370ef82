package dev.switchboard.identity.apikey.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.switchboard.identity.apikey.ApiKeyEntity;
import java.time.Instant;

/** An API key as the API shows it; {@code key} is present only in the answer that created it. */
public record ApiKeyView(String id, String name, String role, String keyPrefix, String status, String createdBy,
        Instant createdAt, Instant revokedAt, @JsonInclude(JsonInclude.Include.NON_NULL) String key) {

    public static ApiKeyView of(ApiKeyEntity key) {
        return of(key, null);
    }

    public static ApiKeyView of(ApiKeyEntity key, String secret) {
        return new ApiKeyView(key.id, key.name, key.role, key.keyPrefix, key.revokedAt == null ? "ACTIVE" : "REVOKED",
                key.createdBy, key.createdAt, key.revokedAt, secret);
    }
}
