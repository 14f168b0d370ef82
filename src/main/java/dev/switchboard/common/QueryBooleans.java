package dev.switchboard.common;

import dev.switchboard.common.problem.ProblemException;

/** Boolean query parameters ({@code show_disabled=true}): "true" or "false", anything else a field error. */
public final class QueryBooleans {

    private QueryBooleans() {
    }

    /** The value, or null when the parameter is absent or empty. */
    public static Boolean parse(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.invalid(field, "must be true or false");
        };
    }
}
