package dev.switchboard.gateway;

/** A live tool-router session as the gateway serves it: a server of the session's toolkits, for its user. */
public record ResolvedToolRouterSession(ResolvedServer server, String userId) {
}
