package dev.switchboard.authconfig;

/**
 * The header Switchboard sends to an upstream for an auth config; never logged or returned by the API.
 * {@code renewableAccountId} names the connected account whose OAuth2 access token this is, which the gateway
 * may refresh when the upstream refuses it (null for keys and tokens that cannot be renewed).
 */
public record UpstreamCredential(String headerName, String headerValue, String renewableAccountId) {

    public UpstreamCredential(String headerName, String headerValue) {
        this(headerName, headerValue, null);
    }

    /** A connected account's OAuth2 access token, sent as a bearer token. */
    public static UpstreamCredential oauth2(String accountId, String accessToken) {
        return new UpstreamCredential("Authorization", "Bearer " + accessToken, accountId);
    }

    /** The header carrying a key or token of a scheme that sends one (API_KEY, BEARER_TOKEN), else null. */
    public static UpstreamCredential of(AuthScheme scheme, String apiKeyHeader, String secret) {
        return switch (scheme) {
            case API_KEY -> new UpstreamCredential(apiKeyHeader, secret);
            case BEARER_TOKEN -> new UpstreamCredential("Authorization", "Bearer " + secret);
            case NO_AUTH, OAUTH2, TOKEN_EXCHANGE -> null;
        };
    }

    /**
     * Whether a value can travel in an HTTP header as it is: visible ASCII, with spaces and tabs inside. A
     * control character would make the HTTP client refuse the request (quoting the value in its error).
     */
    public static boolean isHeaderSafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "UpstreamCredential[" + headerName + ": ***]";
    }
}
