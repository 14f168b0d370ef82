package dev.switchboard.ratelimit.override;

import dev.switchboard.ratelimit.KeyKind;

/**
 * What one override applies to, within its tenant: a user, a server (or tool-router session), a tool of a
 * toolkit, or every one of its kind (null parts). Stored as one string so that one subject has one row.
 */
public record LimitSubject(KeyKind kind, String userId, String serverId, String toolkit, String tool) {

    static final String EVERY = "*";
    private static final char TOOL_SEPARATOR = '/';

    public static LimitSubject tenant() {
        return new LimitSubject(KeyKind.TENANT, null, null, null, null);
    }

    /** The stored form: {@code *}, the user or server id, or {@code toolkit/tool} with {@code *} for any part. */
    public String stored() {
        return switch (kind) {
            case USER -> orEvery(userId);
            case SERVER -> orEvery(serverId);
            case TOOL -> tool(toolkit, tool);
            default -> EVERY;
        };
    }

    static String tool(String toolkit, String tool) {
        return orEvery(toolkit) + TOOL_SEPARATOR + orEvery(tool);
    }

    public static LimitSubject of(KeyKind kind, String stored) {
        String one = EVERY.equals(stored) ? null : stored;
        return switch (kind) {
            case USER -> new LimitSubject(kind, one, null, null, null);
            case SERVER -> new LimitSubject(kind, null, one, null, null);
            case TOOL -> {
                // A toolkit slug never holds '/', so the first one separates it from the tool.
                int at = stored.indexOf(TOOL_SEPARATOR);
                yield new LimitSubject(kind, null, null, nullIfEvery(stored.substring(0, at)), nullIfEvery(stored.substring(at + 1)));
            }
            default -> tenant();
        };
    }

    private static String orEvery(String part) {
        return part == null ? EVERY : part;
    }

    private static String nullIfEvery(String part) {
        return EVERY.equals(part) ? null : part;
    }
}
