package dev.switchboard.gateway;

import java.util.List;

/**
 * What an upstream's credential still depends on: the calling user's active connected account for an auth
 * config ({@code required}: without one the upstream is not called), or, for a toolkit no auth config is
 * pinned to ({@code authConfigId} null), any active account of the user for the toolkit, else no credential.
 * {@code connectable} says whether a user can connect an account here at all (the toolkit has an enabled auth
 * config whose key belongs to each user): only then are the connection-management tools of use. For a
 * TOKEN_EXCHANGE auth config ({@code exchange} set) it is no account but the calling user's SSO token, exchanged
 * at the IdP per request ({@code gateway.pipeline.ExchangedCredentials}).
 */
public record AccountNeed(String authConfigId, boolean required, boolean connectable, Exchange exchange) {

    /** The token to ask the IdP for: its audience and scopes (none: the IdP's defaults). */
    public record Exchange(String audience, List<String> scopes) {
    }

    public static AccountNeed forAuthConfig(String authConfigId) {
        return new AccountNeed(authConfigId, true, true, null);
    }

    public static AccountNeed anyForToolkit(boolean connectable) {
        return new AccountNeed(null, false, connectable, null);
    }

    public static AccountNeed forTokenExchange(String authConfigId, String audience, List<String> scopes) {
        return new AccountNeed(authConfigId, true, false, new Exchange(audience, List.copyOf(scopes)));
    }

    /** Whether the credential is the user's SSO token exchanged at the IdP rather than an account. */
    public boolean isExchange() {
        return exchange != null;
    }
}
