package dev.switchboard.toolrouter;

/** A new session and its bearer token, which exists only in the creating answer. */
public record CreatedSession(ToolRouterSessionEntity session, String token) {
}
