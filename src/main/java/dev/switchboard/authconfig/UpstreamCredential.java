package dev.switchboard.authconfig;

/** The header Switchboard sends to an upstream for an auth config; never logged or returned by the API. */
public record UpstreamCredential(String headerName, String headerValue) {

    /** The header for a scheme's secret, or null for scheme {@code none}. */
    public static UpstreamCredential of(AuthScheme scheme, String apiKeyHeader, String secret) {
        return switch (scheme) {
            case NONE -> null;
            case API_KEY -> new UpstreamCredential(apiKeyHeader, secret);
            case BEARER -> new UpstreamCredential("Authorization", "Bearer " + secret);
        };
    }

    @Override
    public String toString() {
        return "UpstreamCredential[" + headerName + ": ***]";
    }
}
