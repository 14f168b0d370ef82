package dev.switchboard.gateway;

/**
 * What an upstream's credential still depends on: the calling user's active connected account for an auth
 * config ({@code required}: without one the upstream is not called), or, for a toolkit no auth config is
 * pinned to ({@code authConfigId} null), any active account of the user for the toolkit, else no credential.
 * {@code connectable} says whether a user can connect an account here at all (the toolkit has an enabled auth
 * config whose key belongs to each user): only then are the connection-management tools of use.
 */
public record AccountNeed(String authConfigId, boolean required, boolean connectable) {

    public static AccountNeed forAuthConfig(String authConfigId) {
        return new AccountNeed(authConfigId, true, true);
    }

    public static AccountNeed anyForToolkit(boolean connectable) {
        return new AccountNeed(null, false, connectable);
    }
}
