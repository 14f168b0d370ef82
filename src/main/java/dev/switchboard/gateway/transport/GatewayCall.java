package dev.switchboard.gateway.transport;

import dev.switchboard.gateway.ResolvedServer;

/** A request the gateway accepted: the server (or session) it addresses, the user it acts for, and who called. */
record GatewayCall(ResolvedServer server, String userId, String actor) {
}
