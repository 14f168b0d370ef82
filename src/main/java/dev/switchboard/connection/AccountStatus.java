package dev.switchboard.connection;

import java.util.Arrays;
import java.util.Optional;

/** The statuses of a connected account, as the Composio SDK names them. */
public enum AccountStatus {
    INITIALIZING, INITIATED, ACTIVE, FAILED, EXPIRED, INACTIVE, REVOKED;

    public static Optional<AccountStatus> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.name().equals(value)).findFirst();
    }
}
