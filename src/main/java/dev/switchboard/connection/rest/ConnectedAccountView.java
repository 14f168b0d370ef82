package dev.switchboard.connection.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.switchboard.connection.ConnectedAccountEntity;
import dev.switchboard.connection.ConnectionState;
import dev.switchboard.gateway.ConnectionLinkIssuer;
import java.time.Instant;
import java.util.Map;

/**
 * A connected account in the Composio SDK's shape: {@code state} holds the status and the user's key masked,
 * never the key. {@code data} and {@code params} are deprecated and always empty.
 */
public record ConnectedAccountView(String id, String userId, String alias, String wordId, AuthConfigRef authConfig,
        ToolkitRef toolkit, String status, String statusReason, boolean isDisabled, Map<String, Object> state,
        Map<String, Object> data, Map<String, Object> params, Instant createdAt, Instant updatedAt) {

    public record AuthConfigRef(String id, String authScheme, boolean isComposioManaged, boolean isDisabled) {
    }

    public record ToolkitRef(String slug) {
    }

    /**
     * The answer to create: {@code connectionData} (camelCase, as the SDK reads it) and its deprecated copies.
     * A key-based account (or an OAUTH2 one given its tokens) is active at once, without a redirect URL; an OAUTH2
     * one that starts its authorization answers Switchboard's start URL.
     */
    public record Created(String id, @JsonProperty("connectionData") Map<String, Object> connectionData, String status,
            String redirectUrl, String redirectUri) {

        public static Created of(ConnectedAccountEntity account) {
            Map<String, Object> state = ConnectionState.view(account);
            return new Created(account.id, state, account.effectiveStatus().name(), account.redirectUrl, account.redirectUrl);
        }
    }

    /** The answer to refresh ({@code composio.connectedAccounts.refresh}): the new redirect URL to send the user to. */
    public record Refreshed(String id, String redirectUrl, String status) {

        public static Refreshed of(ConnectedAccountEntity account) {
            return new Refreshed(account.id, account.redirectUrl, account.effectiveStatus().name());
        }
    }

    /** The answer to {@code link} and {@code session.authorize}: the INITIATED account and the page the user opens. */
    public record Linked(String connectedAccountId, String redirectUrl, String linkToken, Instant expiresAt) {

        public static Linked of(ConnectionLinkIssuer.IssuedLink link) {
            return new Linked(link.connectedAccountId(), link.redirectUrl(), link.linkToken(), link.expiresAt());
        }
    }

    /** The answer to delete and to a status change: {@code {"success": true}}. */
    public record Success(boolean success) {
    }

    public static ConnectedAccountView of(ConnectedAccountEntity a) {
        return new ConnectedAccountView(a.id, a.userId, a.alias, null,
                new AuthConfigRef(a.authConfig.id, a.authConfig.authScheme, false, !a.authConfig.enabled),
                new ToolkitRef(a.authConfig.toolkit.slug), a.effectiveStatus().name(), a.effectiveStatusReason(), a.disabled,
                ConnectionState.view(a), Map.of(), Map.of(), a.createdAt, a.updatedAt);
    }
}
