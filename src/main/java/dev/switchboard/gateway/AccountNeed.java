package dev.switchboard.gateway;

/**
 * What an upstream's credential still depends on: the calling user's active connected account for an auth
 * config ({@code required}: without one the upstream is not called), or, for a toolkit no auth config is
 * pinned to ({@code authConfigId} null), any active account of the user for the toolkit, else no credential.
 */
public record AccountNeed(String authConfigId, boolean required) {

    public static AccountNeed forAuthConfig(String authConfigId) {
        return new AccountNeed(authConfigId, true);
    }

    public static AccountNeed anyForToolkit() {
        return new AccountNeed(null, false);
    }
}
