package dev.switchboard.authconfig;

import java.util.Arrays;
import java.util.Locale;

/** How Switchboard authenticates to a toolkit's upstream. */
public enum AuthScheme {
    NONE, API_KEY, BEARER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean hasSecret() {
        return this != NONE;
    }

    public static AuthScheme fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(value));
    }
}
