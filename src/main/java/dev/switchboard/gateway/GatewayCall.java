package dev.switchboard.gateway;

/** A request the gateway accepted: the server (or session) it addresses, the user it acts for, and who called. */
public record GatewayCall(ResolvedServer server, String userId, String actor) {
}
