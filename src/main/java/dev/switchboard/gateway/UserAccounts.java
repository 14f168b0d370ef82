package dev.switchboard.gateway;

import dev.switchboard.authconfig.UpstreamCredential;
import java.time.Instant;
import java.util.Map;

/**
 * One user's active connected accounts (enabled, of enabled auth configs), by auth config and by toolkit slug;
 * where a user has several for one toolkit, an active one before one that must be reconnected, then the most
 * recently changed one.
 */
public record UserAccounts(String tenantId, Map<String, Held> byAuthConfig, Map<String, Held> byToolkit) {

    /**
     * An account and the header it sends upstream (null for NO_AUTH); {@code expiresAt} when that credential
     * expires (null: not known to); {@code unusable} why the account cannot be used (then no credential), e.g.
     * an OAuth2 account the provider no longer refreshes, which the user must reconnect.
     */
    public record Held(String accountId, UpstreamCredential credential, Instant expiresAt, String unusable) {

        public Held(String accountId, UpstreamCredential credential) {
            this(accountId, credential, null, null);
        }
    }
}
