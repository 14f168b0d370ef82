package dev.switchboard.connection.oauth;

/** What a call is told when the user's OAuth2 account for a toolkit can no longer be used, and how to reconnect it. */
public final class ReconnectMessage {

    private ReconnectMessage() {
    }

    public static String of(String accountId, String status, String reason) {
        return "The connected account '" + accountId + "' is " + status + (reason == null || reason.isBlank() ? "" : " (" + reason + ")")
                + " and must be reconnected: POST /api/v3.1/connected_accounts/" + accountId + "/refresh answers a new redirect_url"
                + " for the user to open (or initiate a new account with POST /api/v3.1/connected_accounts), then call again.";
    }
}
