package dev.switchboard.gateway;

import dev.switchboard.authconfig.UpstreamCredential;
import java.util.Map;

/**
 * One user's active connected accounts (enabled, of enabled auth configs), by auth config and by toolkit slug;
 * where a user has several for one toolkit, the most recently changed one.
 */
public record UserAccounts(String tenantId, Map<String, Held> byAuthConfig, Map<String, Held> byToolkit) {

    /** An account and the header it sends upstream (null for NO_AUTH). */
    public record Held(String accountId, UpstreamCredential credential) {
    }
}
