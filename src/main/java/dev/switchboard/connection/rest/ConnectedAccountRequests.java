package dev.switchboard.connection.rest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the connected account API, in the shape the Composio SDK sends. */
public final class ConnectedAccountRequests {

    private ConnectedAccountRequests() {
    }

    /**
     * {@code POST /connected_accounts} ({@code composio.connectedAccounts.initiate}): the auth config, and for whom,
     * with the user's key in {@code connection.state}. {@code callback_url}, {@code data} and {@code redirect_uri}
     * concern redirect flows and are not used by key-based accounts.
     */
    public record Create(@NotNull @Valid AuthConfigRef authConfig, @NotNull @Valid Connection connection,
            Boolean validateCredentials) {
    }

    public record AuthConfigRef(@NotBlank @Size(max = 40) String id) {
    }

    public record Connection(
            @Size(max = 255) String userId,
            @Size(max = 2048) String callbackUrl,
            JsonNode state,
            @Size(max = 100) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters") String alias,
            JsonNode data,
            @Size(max = 2048) String redirectUri,
            @Valid Experimental experimental) {
    }

    /** Only private accounts (one user's own) exist; a shared one is refused. */
    public record Experimental(@Pattern(regexp = "PRIVATE|SHARED", message = "must be PRIVATE or SHARED") String accountType,
            JsonNode aclConfigForShared) {
    }

    /**
     * {@code POST /connected_accounts/link} ({@code composio.connectedAccounts.link}): a link the user opens to connect
     * their own account. Only private accounts exist, so {@code experimental} may only say PRIVATE.
     */
    public record Link(@NotBlank @Size(max = 40) String authConfigId, @Size(max = 255) String userId,
            @Size(max = 2048) String callbackUrl,
            @Size(max = 100) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters") String alias,
            @Valid Experimental experimental) {
    }

    /** {@code PATCH /connected_accounts/{id}/status} ({@code enable}/{@code disable}); a {@code reason} is ignored. */
    public record StatusChange(@NotNull Boolean enabled) {
    }
}
