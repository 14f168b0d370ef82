package dev.switchboard.ratelimit;

import java.time.Duration;

/** The period a limit's rate counts over. */
public enum LimitWindow {
    SECOND(Duration.ofSeconds(1)),
    MINUTE(Duration.ofMinutes(1));

    private final Duration length;
    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    LimitWindow(Duration length) {
        this.length = length;
    }

    public Duration length() {
        return length;
    }

    /** The name clients see in answers and send in the API: {@code second} or {@code minute}. */
    public String label() {
        return label;
    }
}
