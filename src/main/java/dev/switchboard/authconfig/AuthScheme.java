package dev.switchboard.authconfig;

import java.util.Arrays;
import java.util.Optional;

/** How Switchboard authenticates to a toolkit's upstream; the names are the Composio SDK's. */
public enum AuthScheme {
    NO_AUTH, API_KEY, BEARER_TOKEN, OAUTH2,
    /** Switchboard's own: the calling user's SSO token, exchanged at the company IdP (RFC 8693) for the upstream's audience. */
    TOKEN_EXCHANGE;

    /** The schemes Switchboard serves, as a sentence for error messages. */
    public static final String SUPPORTED = "OAUTH2, API_KEY, BEARER_TOKEN, NO_AUTH or TOKEN_EXCHANGE";

    /** Whether the secret a config stores for this scheme is itself sent upstream (a key every user shares). */
    public boolean sendsStoredSecret() {
        return this == API_KEY || this == BEARER_TOKEN;
    }

    public static Optional<AuthScheme> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.name().equals(value)).findFirst();
    }

    /** A stored scheme name: written only by this enum, so an unknown one is a broken row. */
    public static AuthScheme of(String stored) {
        return AuthScheme.valueOf(stored);
    }
}
