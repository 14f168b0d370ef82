package dev.switchboard.ratelimit;

/**
 * One counter a request is charged to: its kind, its identity in the store (tenant-qualified, never shown to
 * clients) and the limit that applies to it.
 */
public record LimitedKey(KeyKind kind, String id, Limit limit) {
}
