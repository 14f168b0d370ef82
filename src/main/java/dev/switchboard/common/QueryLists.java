package dev.switchboard.common;

import java.util.Arrays;
import java.util.List;

/** Comma-separated list query parameters ({@code toolkits=a,b}). */
public final class QueryLists {

    private QueryLists() {
    }

    public static List<String> parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }
}
